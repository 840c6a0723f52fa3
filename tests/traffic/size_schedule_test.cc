#include "nfv/traffic/size_schedule.h"

#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <vector>

namespace nfv::traffic {
namespace {

TEST(SizeSchedule, FixedIsTheSameForEverySequence) {
  SizeSchedule fixed = SizeSchedule::fixed(1518);
  EXPECT_EQ(fixed.size_for(0), 1518u);
  EXPECT_EQ(fixed.size_for(123456789), 1518u);
  EXPECT_EQ(fixed.describe(), "1518");
  EXPECT_EQ(SizeSchedule().size_for(3), 64u);
}

TEST(SizeSchedule, HashedStaysInRangeCoversItAndIsRepeatable) {
  auto hashed = SizeSchedule::hashed(64, 1518);
  ASSERT_TRUE(hashed.ok());
  std::map<uint32_t, int> seen;
  for (uint64_t seq = 0; seq < 100000; ++seq) {
    uint32_t size = hashed->size_for(seq);
    ASSERT_GE(size, 64u);
    ASSERT_LE(size, 1518u);
    ++seen[size];
  }
  EXPECT_EQ(seen.size(), 1518u - 64u + 1u);  // every size appears
  EXPECT_EQ(hashed->size_for(777), hashed->size_for(777));
  // Spread, not ordered: consecutive sequence numbers rarely differ by one byte.
  int steps_of_one = 0;
  for (uint64_t seq = 0; seq < 1000; ++seq) {
    steps_of_one += hashed->size_for(seq + 1) == hashed->size_for(seq) + 1;
  }
  EXPECT_LT(steps_of_one, 10);
  EXPECT_EQ(hashed->describe(), "64..1518 hashed");
}

TEST(SizeSchedule, SweepVisitsEverySizeInOrderThenWraps) {
  auto sweep = SizeSchedule::sweep(64, 70, 3);
  ASSERT_TRUE(sweep.ok());
  std::vector<uint32_t> sizes;
  for (uint64_t seq = 0; seq < 7; ++seq) sizes.push_back(sweep->size_for(seq));
  EXPECT_EQ(sizes, (std::vector<uint32_t>{64, 67, 70, 64, 67, 70, 64}));
  EXPECT_EQ(sweep->period(), 3u);
  EXPECT_EQ(sweep->max_size(), 70u);
  auto every = SizeSchedule::sweep(64, 1518);
  ASSERT_TRUE(every.ok());
  EXPECT_EQ(every->size_for(0), 64u);
  EXPECT_EQ(every->size_for(1454), 1518u);
  EXPECT_EQ(every->size_for(1455), 64u);
}

TEST(SizeSchedule, ImixIsSevenFourOneInEveryTwelveFrames) {
  SizeSchedule imix = SizeSchedule::imix();
  for (uint64_t start : {0ULL, 5ULL, 12000ULL}) {
    std::map<uint32_t, int> counts;
    for (uint64_t seq = start; seq < start + 12; ++seq) ++counts[imix.size_for(seq)];
    EXPECT_EQ(counts, (std::map<uint32_t, int>{{64, 7}, {570, 4}, {1518, 1}}));
  }
  uint64_t bytes = 0;
  for (uint64_t seq = 0; seq < 12000; ++seq) bytes += imix.size_for(seq);
  EXPECT_EQ(bytes, 1000u * (7 * 64 + 4 * 570 + 1518));
  EXPECT_EQ(imix.min_size(), 64u);
  EXPECT_EQ(imix.max_size(), 1518u);
}

TEST(SizeSchedule, RejectsReversedRangesAndZeroSteps) {
  auto reversed = SizeSchedule::hashed(100, 64);
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.error().message,
            "frame sizes 100..64: the minimum is larger than the maximum; swap them");
  EXPECT_FALSE(SizeSchedule::sweep(100, 64).ok());
  auto zero = SizeSchedule::sweep(64, 100, 0);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().message, "frame size sweep 64..100: step must be at least 1");
}

}  // namespace
}  // namespace nfv::traffic
