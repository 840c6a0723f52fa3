#include "nfv/api/rates.h"

#include <gtest/gtest.h>

namespace nfv::api {
namespace {

PortStats port(const std::string& name, uint64_t rx, uint64_t tx, uint64_t dropped) {
  PortStats s;
  s.name = name;
  s.rx_packets = rx;
  s.rx_bytes = rx * 64;
  s.tx_packets = tx;
  s.tx_bytes = tx * 64;
  s.rx_dropped = dropped;
  return s;
}

TEST(Rates, PerSecondFromTwoSamples) {
  StatsResult before{10.0, {port("a", 1000, 500, 1), port("gone", 5, 5, 0)}};
  StatsResult after{12.0, {port("a", 3000, 2500, 4), port("new", 9, 9, 0)}};
  RateSample rates = compute_rates(before, after);
  EXPECT_DOUBLE_EQ(rates.elapsed_s, 2.0);
  ASSERT_EQ(rates.ports.size(), 1u) << "only ports present in both samples";
  EXPECT_DOUBLE_EQ(rates.ports[0].rx_pps, 1000.0);
  EXPECT_DOUBLE_EQ(rates.ports[0].tx_pps, 1000.0);
  EXPECT_DOUBLE_EQ(rates.ports[0].rx_bps, 1000.0 * 64 * 8);
  EXPECT_EQ(rates.ports[0].dropped, 3u);
  EXPECT_EQ(rates.ports[0].offered, 2000u) << "received; nothing offered for delivery";
  EXPECT_DOUBLE_EQ(rates.ports[0].loss_ratio, 3.0 / 2000);
}

TEST(Rates, LossRatioIsDroppedOverReceivedAndOffered) {
  PortStats then = port("a", 100, 0, 0);
  PortStats now = port("a", 200, 0, 10);
  now.tx_attempts = 100;
  now.tx_dropped = 15;
  RateSample rates = compute_rates(StatsResult{1.0, {then}}, StatsResult{2.0, {now}});
  ASSERT_EQ(rates.ports.size(), 1u);
  EXPECT_EQ(rates.ports[0].offered, 200u);
  EXPECT_DOUBLE_EQ(rates.ports[0].loss_ratio, 25.0 / 200);
  EXPECT_DOUBLE_EQ(
      compute_rates(StatsResult{1.0, {then}}, StatsResult{2.0, {then}}).ports[0].loss_ratio, 0.0)
      << "idle";
}

TEST(Rates, ReAddedPortIsSkippedNotNegative) {
  StatsResult before{1.0, {port("a", 1000, 1000, 0)}};
  StatsResult after{2.0, {port("a", 10, 10, 0)}};
  EXPECT_TRUE(compute_rates(before, after).ports.empty());
}

TEST(Rates, Format) {
  EXPECT_EQ(format_pps(0), "0 pps");
  EXPECT_EQ(format_pps(950), "950 pps");
  EXPECT_EQ(format_pps(12345), "12.3 kpps");
  EXPECT_EQ(format_pps(999999.9), "1.00 Mpps");
  EXPECT_EQ(format_pps(4.56e6), "4.56 Mpps");
  EXPECT_EQ(format_bps(0), "0 bps");
  EXPECT_EQ(format_bps(950), "950 bps");
  EXPECT_EQ(format_bps(12345), "12.3 kbps");
  EXPECT_EQ(format_bps(999999.9), "1.00 Mbps");
  EXPECT_EQ(format_bps(4.56e6), "4.56 Mbps");
  EXPECT_EQ(format_bps(9.87e9), "9.87 Gbps");
  EXPECT_EQ(format_percent(0), "0%");
  EXPECT_EQ(format_percent(0.0005), "0.05%");
  EXPECT_EQ(format_percent(0.125), "12.50%");
  EXPECT_EQ(format_percent(1), "100%");
}

}  // namespace
}  // namespace nfv::api
