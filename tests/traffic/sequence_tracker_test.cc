#include "nfv/traffic/sequence_tracker.h"

#include <gtest/gtest.h>

#include <initializer_list>

namespace nfv::traffic {
namespace {

SequenceTracker track(std::initializer_list<uint64_t> sequences) {
  SequenceTracker tracker;
  for (uint64_t s : sequences) tracker.record(s);
  return tracker;
}

TEST(SequenceTracker, InOrderHasNoLossNorReordering) {
  SequenceTracker t;
  for (uint64_t s = 100; s < 1100; ++s) t.record(s);
  EXPECT_EQ(t.received(), 1000u);
  EXPECT_EQ(t.unique(), 1000u);
  EXPECT_EQ(t.lost(), 0u);
  EXPECT_EQ(t.reordered(), 0u);
  EXPECT_EQ(t.duplicated(), 0u);
  EXPECT_EQ(t.first(), 100u);
  EXPECT_EQ(t.last(), 1099u);
  EXPECT_EQ(t.highest(), 1099u);
}

TEST(SequenceTracker, GapsAreLostUntilTheFramesArriveLate) {
  SequenceTracker t = track({0, 1, 4, 5, 9});
  EXPECT_EQ(t.lost(), 5u);  // 2, 3, 6, 7, 8
  t.record(3);
  t.record(7);
  EXPECT_EQ(t.lost(), 3u);
  EXPECT_EQ(t.reordered(), 2u);
  EXPECT_EQ(t.last(), 7u);
  EXPECT_EQ(t.highest(), 9u);
  EXPECT_EQ(t.unique() + t.lost(), 10u);
}

TEST(SequenceTracker, DuplicatesAreNotLateFrames) {
  SequenceTracker t = track({0, 1, 2, 2, 1, 3});
  EXPECT_EQ(t.received(), 6u);
  EXPECT_EQ(t.duplicated(), 2u);
  EXPECT_EQ(t.reordered(), 0u);
  EXPECT_EQ(t.unique(), 4u);
  t.record(3);
  EXPECT_EQ(t.duplicated(), 3u);
}

TEST(SequenceTracker, AFrameBeforeTheFirstMakesItsGapLost) {
  SequenceTracker t = track({10, 11, 7});
  EXPECT_EQ(t.first(), 7u);
  EXPECT_EQ(t.lost(), 2u);  // 8, 9
  EXPECT_EQ(t.reordered(), 1u);
  t.record(8);
  t.record(9);
  EXPECT_EQ(t.lost(), 0u);
  EXPECT_EQ(t.unique(), 5u);
}

TEST(SequenceTracker, TheWindowSlidesWithoutStaleMarks) {
  SequenceTracker t;
  t.record(0);
  // Jump far ahead: slots reused by the new window must not say "seen".
  t.record(SequenceTracker::kWindow * 3);
  EXPECT_EQ(t.lost(), SequenceTracker::kWindow * 3 - 1);
  t.record(SequenceTracker::kWindow * 3 - 5);  // late, inside the window
  EXPECT_EQ(t.reordered(), 1u);
  EXPECT_EQ(t.duplicated(), 0u);
  t.record(SequenceTracker::kWindow * 3 - 5);
  EXPECT_EQ(t.duplicated(), 1u);
  // Older than the window: counted as a late frame (it cannot be told from a duplicate).
  t.record(1);
  EXPECT_EQ(t.reordered(), 2u);
  EXPECT_EQ(t.lost(), SequenceTracker::kWindow * 3 - 3);
}

TEST(SequenceTracker, SmallForwardStepsClearOnlyTheSkippedSlots) {
  SequenceTracker t;
  for (uint64_t s = 0; s < SequenceTracker::kWindow + 10; s += 2) t.record(s);
  // The odd numbers are missing; one arrives late and is told apart from a duplicate.
  uint64_t late = SequenceTracker::kWindow + 5;
  t.record(late);
  EXPECT_EQ(t.reordered(), 1u);
  t.record(late);
  EXPECT_EQ(t.duplicated(), 1u);
}

}  // namespace
}  // namespace nfv::traffic
