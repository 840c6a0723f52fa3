#include "nfv/telemetry/history.h"

#include <gtest/gtest.h>

namespace nfv::telemetry {
namespace {

api::TelemetrySample at(double t) {
  api::TelemetrySample s;
  s.time_s = t;
  return s;
}

TEST(HistoryTest, KeepsTheLastSecondsOnly) {
  History history(10);
  for (int t = 0; t <= 30; ++t) history.add(at(t));
  EXPECT_EQ(history.size(), 11u);  // 20..30
  EXPECT_EQ(history.last(100).front().time_s, 20);
  auto last3 = history.last(3);
  ASSERT_EQ(last3.size(), 3u);
  EXPECT_EQ(last3.front().time_s, 28);
  EXPECT_EQ(last3.back().time_s, 30);
  ASSERT_EQ(history.last(0).size(), 1u);  // at least the newest
  EXPECT_EQ(history.newest()->time_s, 30);
}

TEST(HistoryTest, EmptyHasNothing) {
  History history(10);
  EXPECT_TRUE(history.last(5).empty());
  EXPECT_EQ(history.newest(), nullptr);
}

}  // namespace
}  // namespace nfv::telemetry
