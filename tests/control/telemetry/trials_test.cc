#include "nfv/telemetry/trials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nfv::telemetry {
namespace {

using ::testing::HasSubstr;

api::StatsResult counters(double t, uint64_t rx, uint64_t tx, uint64_t spoofed) {
  api::StatsResult r;
  r.timestamp_s = t;
  api::PortStats p;
  p.name = "vm1";
  p.rx_packets = rx;
  p.rx_bytes = rx * 64;
  p.tx_packets = tx;
  p.tx_bytes = tx * 128;
  p.tx_attempts = tx;
  p.rx_dropped = spoofed;
  p.drops = {{"anti_spoof", spoofed}, {"malformed", 0}};
  r.ports = {p};
  return r;
}

TEST(TrialsTest, ExactCountsBetweenTheMarkers) {
  Trials trials;
  auto name = trials.start("", counters(100, 1000, 500, 3));
  ASSERT_TRUE(name) << name.error().message;
  EXPECT_EQ(*name, "trial-1");
  auto result = trials.stop(*name, counters(112.5, 61000, 30500, 10));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_DOUBLE_EQ(result->elapsed_s, 12.5);
  ASSERT_EQ(result->ports.size(), 1u);
  const auto& p = result->ports[0];
  EXPECT_EQ(p.rx_packets, 60000u);
  EXPECT_EQ(p.rx_bytes, 60000u * 64);
  EXPECT_EQ(p.tx_packets, 30000u);
  EXPECT_EQ(p.tx_bytes, 30000u * 128);
  EXPECT_EQ(p.rx_dropped, 7u);
  EXPECT_EQ(p.drops, (std::map<std::string, uint64_t>{{"anti_spoof", 7}}));
  EXPECT_EQ(trials.open(), 0u);
}

TEST(TrialsTest, NamesAreCheckedAndOpenTrialsBounded) {
  Trials trials;
  ASSERT_TRUE(trials.start("a", counters(0, 0, 0, 0)));
  auto again = trials.start("a", counters(0, 0, 0, 0));
  ASSERT_FALSE(again);
  EXPECT_THAT(again.error().message, HasSubstr("trial a is already open"));
  auto unknown = trials.stop("b", counters(1, 0, 0, 0));
  ASSERT_FALSE(unknown);
  EXPECT_THAT(unknown.error().message, HasSubstr("no open trial named 'b' (open: a)"));
  for (size_t i = 1; i < Trials::kMaxOpen; ++i) ASSERT_TRUE(trials.start("", counters(0, 0, 0, 0)));
  auto full = trials.start("", counters(0, 0, 0, 0));
  ASSERT_FALSE(full);
  EXPECT_THAT(full.error().message, HasSubstr("64 trials are open already"));
}

TEST(TrialsTest, APortRecreatedInTheWindowCountsFromZero) {
  auto result = trial_counts("t", counters(0, 5000, 10, 0), counters(1, 40, 2, 0));
  ASSERT_EQ(result.ports.size(), 1u);
  EXPECT_EQ(result.ports[0].rx_packets, 40u);
  EXPECT_EQ(result.ports[0].tx_packets, 2u);
}

TEST(TrialsTest, ACounterClearedInTheWindowNeverWraps) {
  // stats.clear inside the window, then traffic past the start values of some counters only.
  auto before = counters(0, 100, 100, 50);
  auto after = counters(1, 150, 20, 3);
  auto result = trial_counts("t", before, after);
  ASSERT_EQ(result.ports.size(), 1u);
  const auto& p = result.ports[0];
  EXPECT_EQ(p.rx_packets, 50u);
  EXPECT_EQ(p.tx_packets, 20u);  // cleared: from zero
  EXPECT_EQ(p.rx_dropped, 3u);   // cleared: from zero, not 2^64 - 47
  EXPECT_EQ(p.drops.at("anti_spoof"), 3u);
}

TEST(TrialsTest, NamesAreWordsAndGeneratedOnesAvoidChosenOnes) {
  Trials trials;
  ASSERT_TRUE(trials.start("trial-1", counters(0, 0, 0, 0)));
  auto generated = trials.start("", counters(0, 0, 0, 0));
  ASSERT_TRUE(generated);
  EXPECT_EQ(*generated, "trial-2");
  auto bad = trials.start("a b\n", counters(0, 0, 0, 0));
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("letters, digits"));
  EXPECT_FALSE(trials.start(std::string(129, 'x'), counters(0, 0, 0, 0)));
}

}  // namespace
}  // namespace nfv::telemetry
