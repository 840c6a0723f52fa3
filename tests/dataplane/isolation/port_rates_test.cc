// Policing and storm-control limits as the fast path applies them: the conversion of a port's
// settings into TSC schedules, and the shared schedule's grants, on a made-up clock.
#include "nfv/dataplane/port_rates.h"

#include <gtest/gtest.h>

#include "nfv/dataplane/port_spec.h"
#include "nfv/fastpath/rate_lease.h"

namespace nfv::dp {
namespace {

constexpr uint64_t kHz = 1'000'000'000;  // 1 GHz: one cycle per nanosecond

TEST(RateLimit, ABurstPassesThenTheRateHolds) {
  RateState state;
  RateLimit limit = make_rate_limit(1000, kHz, kBurstFrames, &state);  // 1000 frames/s
  ASSERT_TRUE(limit.enabled());
  EXPECT_EQ(limit.grant(100, 0), kBurstFrames) << "the burst tolerance: 32 frames";
  EXPECT_EQ(limit.grant(10, 0), 0u) << "nothing more at the same instant";
  EXPECT_EQ(limit.grant(10, 5'000'000), 5u) << "5 ms at 1000/s: 5 frames";
  uint64_t granted = 0;
  for (uint64_t t = 5'000'000; t <= 1'005'000'000; t += 1'000'000) granted += limit.grant(32, t);
  EXPECT_NEAR(static_cast<double>(granted), 1000.0, 2.0) << "one more second: 1000 frames";
}

TEST(RateLimit, TwoPmdsShareOnePortsRate) {
  RateState state;
  RateLimit limit = make_rate_limit(1000, kHz, kBurstFrames, &state);
  uint64_t first = 0;
  uint64_t second = 0;
  for (uint64_t t = 0; t <= 1'000'000'000; t += 100'000) {
    // Both PMDs ask for more than the rate, at interleaved instants, each first every other ms.
    bool first_asks_first = (t / 1'000'000) % 2 == 0;
    uint64_t& early = first_asks_first ? first : second;
    uint64_t& late = first_asks_first ? second : first;
    early += limit.grant(32, t);
    late += limit.grant(32, t + 50'000);
  }
  EXPECT_NEAR(static_cast<double>(first + second), 1000.0 + kBurstFrames, 3.0)
      << "the port as a whole gets its rate, not each PMD";
  EXPECT_GT(first, 400u);
  EXPECT_GT(second, 400u);
}

TEST(RateLease, TwoPmdsSpendingLeasesShareOnePortsRate) {
  RateState state;
  RateLimit limit = make_rate_limit(100'000, kHz, kBurstFrames, &state);  // 5 frames a lease
  ASSERT_EQ(limit.lease_units, 32u) << "at least a burst's worth";
  RateLease first;
  RateLease second;
  uint64_t spent_first = 0;
  uint64_t spent_second = 0;
  for (uint64_t t = 0; t <= 1'000'000'000; t += 10'000) {  // bursts of 8 every 10 us each
    // Both ask for more than the rate, at interleaved instants, each first every other ms.
    bool first_asks_first = (t / 1'000'000) % 2 == 0;
    RateLease& early = first_asks_first ? first : second;
    RateLease& late = first_asks_first ? second : first;
    (first_asks_first ? spent_first : spent_second) += spend(early, limit, 8, t);
    (first_asks_first ? spent_second : spent_first) += spend(late, limit, 8, t + 5'000);
  }
  double tolerance = 2e-3 * 100'000;  // 2 ms of the rate
  EXPECT_LE(static_cast<double>(spent_first + spent_second), 100'000.0 + tolerance + 64)
      << "the port as a whole gets its rate, not each PMD";
  EXPECT_GE(static_cast<double>(spent_first + spent_second), 100'000.0 - 64);
  EXPECT_GT(spent_first, 40'000u);
  EXPECT_GT(spent_second, 40'000u);
}

TEST(RateLease, AnExpiredLeaseGoesBackToTheSchedule) {
  RateState state;
  RateLimit limit = make_rate_limit(1000, kHz, kBurstFrames, &state);
  RateLease idle;
  EXPECT_EQ(spend(idle, limit, 1, 0), 1u) << "takes a lease of 32, spends 1";
  EXPECT_EQ(limit.grant(32, 0), 0u) << "the burst is all leased";
  RateLease busy;
  EXPECT_EQ(spend(idle, limit, 0, limit.lease_cycles), 0u);  // expired: 31 go back
  EXPECT_EQ(spend(busy, limit, 32, limit.lease_cycles), 31u)
      << "the idle PMD's unspent units (plus what 50 us of the rate adds, 0 here)";
}

TEST(RateLease, ALeaseFromAnotherPortsScheduleIsDropped) {
  RateState old_state;
  RateState new_state;
  RateLimit old_limit = make_rate_limit(1000, kHz, kBurstFrames, &old_state);
  RateLimit new_limit = make_rate_limit(1000, kHz, kBurstFrames, &new_state);
  RateLease lease;
  EXPECT_EQ(spend(lease, old_limit, 1, 0), 1u);
  EXPECT_EQ(new_limit.grant(0, 0), 0u);
  EXPECT_EQ(spend(lease, new_limit, 32, 0), 32u) << "a whole burst from the new schedule";
  EXPECT_EQ(new_limit.grant(1, 0), 0u) << "and nothing left there: the old units did not count";
}

TEST(RateLimit, RefundedUnitsCanBeTakenAgain) {
  RateState state;
  RateLimit limit = make_rate_limit(1000, kHz, kBurstFrames, &state);
  EXPECT_EQ(limit.grant(32, 0), 32u);
  limit.refund(12);
  EXPECT_EQ(limit.grant(32, 0), 12u);
}

TEST(PortRates, SettingsBecomeScheduledLimitsAndZeroIsOff) {
  PortRateStates states;
  api::RateConfig config;
  config.policer_pps = 2'000'000;
  config.policer_bps = 8'000'000'000;  // 1 GB/s
  config.storm_broadcast_pps = 100;
  PortRates rates = make_port_rates(config, kHz, states);
  EXPECT_TRUE(rates.polices());
  EXPECT_TRUE(rates.storm_control());
  EXPECT_DOUBLE_EQ(rates.packets.cycles_per_unit, 500.0);
  EXPECT_DOUBLE_EQ(rates.bytes.cycles_per_unit, 1.0);
  EXPECT_EQ(rates.packets.tolerance, 2'000'000u) << "2 ms of the rate";
  EXPECT_EQ(rates.broadcast.tolerance, 320'000'000u) << "at least one burst of 32 frames";
  EXPECT_FALSE(rates.multicast.enabled());
  EXPECT_FALSE(rates.unknown_unicast.enabled());
  EXPECT_FALSE(make_port_rates(api::RateConfig{}, kHz, states).polices());
}

TEST(PortRates, LimitsAboveWhatTheSwitchEnforcesAreRefused) {
  api::RateConfig config;
  config.storm_multicast_pps = 2'000'000'000;
  auto status = check_rates("vm1", config);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message,
            "port vm1: rates.storm_multicast_pps 2000000000 is above 1000000000");
  EXPECT_TRUE(check_rates("vm1", api::RateConfig{}).ok());
}

}  // namespace
}  // namespace nfv::dp
