// Ingress policing and storm control on a running switch: a port sends far more than its
// limits allow; what passes is the burst plus the rate over the time it took, the rest is
// counted with its reason, and the other traffic of the port is untouched.
#include <gtest/gtest.h>

#include <chrono>

#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

constexpr const char* kMacA = "02:00:00:00:00:0a";
constexpr const char* kMacB = "02:00:00:00:00:0b";
constexpr const char* kUnknown = "02:00:00:00:00:99";
constexpr const char* kBroadcast = "ff:ff:ff:ff:ff:ff";
constexpr const char* kMulticast = "01:00:5e:00:00:01";
constexpr uint64_t kBurst = 32;  // frames a limit lets through at once

class RateLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    h.add_bridge("br0");
    h.add_port("a", "br0");
    h.add_port("b", "br0");
    started_ = std::chrono::steady_clock::now();
  }
  void TearDown() override { h.expect_counter_invariants(); }

  void set_rates(const std::string& port, const api::RateUpdate& update) {
    api::PortSetParams set;
    set.name = port;
    set.rates = update;
    auto changed = h.sw().set_port(set);
    ASSERT_TRUE(changed) << changed.error().message;
  }
  // The most a limit of `pps` may have passed since SetUp: its burst, the rate over the
  // elapsed time, and one frame of rounding.
  double most_passed(double pps) const {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return kBurst + pps * seconds + 1;
  }
  std::vector<Bytes> frames(const char* dst, size_t count, size_t length = 64) {
    std::vector<Bytes> out;
    for (size_t i = 0; i < count; ++i) {
      out.push_back(make_frame(dst, kMacA, std::nullopt, length, static_cast<uint8_t>(i)));
    }
    return out;
  }

  SwitchHarness h;
  std::chrono::steady_clock::time_point started_;
};

TEST_F(RateLimits, APolicedPortPassesItsBurstAndRateAndCountsTheRest) {
  api::RateUpdate update;
  update.policer_pps = 10;
  set_rates("a", update);
  h.inject("a", frames(kMacB, 200));
  h.settle();
  auto a = h.stats("a");
  EXPECT_EQ(a.rx_packets, 200u);
  EXPECT_GE(a.forwarded, kBurst);
  EXPECT_LE(static_cast<double>(a.forwarded), most_passed(10));
  EXPECT_EQ(a.drops["policed"], 200u - a.forwarded);
  EXPECT_EQ(h.drain("b").size(), a.forwarded) << "what passed is delivered";
  EXPECT_EQ(h.stats("b").drops["policed"], 0u) << "the other port is not policed";
}

TEST_F(RateLimits, ABitRatePolicerCountsBytes) {
  api::RateUpdate update;
  update.policer_bps = 8 * 1000 * 10;  // ten 1000-byte frames a second
  set_rates("a", update);
  h.inject("a", frames(kMacB, 100, 1000));
  h.settle();
  auto a = h.stats("a");
  uint64_t burst_frames = 32 * 1518 / 1000;  // the byte burst: 32 full-size frames
  EXPECT_GE(a.forwarded, burst_frames);
  EXPECT_LE(static_cast<double>(a.forwarded), most_passed(10) - kBurst + burst_frames);
  EXPECT_EQ(a.drops["policed"], 100u - a.forwarded);
}

TEST_F(RateLimits, StormControlLimitsEachFloodingClassAndSparesKnownUnicast) {
  h.inject("b", {make_frame(kMacA, kMacB)});  // b's MAC becomes known
  ASSERT_TRUE(h.wait_learned("br0", kMacB));
  h.settle();
  api::RateUpdate update;
  update.storm_broadcast_pps = 10;
  update.storm_multicast_pps = 10;
  update.storm_unknown_unicast_pps = 10;
  set_rates("a", update);
  h.inject("a", frames(kBroadcast, 100));
  h.inject("a", frames(kMulticast, 100));
  h.inject("a", frames(kUnknown, 100));
  h.inject("a", frames(kMacB, 100));
  h.settle();
  auto a = h.stats("a");
  for (const char* reason : {"storm_broadcast", "storm_multicast", "storm_unknown_unicast"}) {
    EXPECT_GE(a.drops[reason], 100 - most_passed(10)) << reason;
    EXPECT_LE(a.drops[reason], 100 - kBurst) << reason;
  }
  uint64_t stormed =
      a.drops["storm_broadcast"] + a.drops["storm_multicast"] + a.drops["storm_unknown_unicast"];
  EXPECT_EQ(a.forwarded, 400u - stormed) << "every known unicast frame passed";
  EXPECT_EQ(h.drain("b").size(), 400u - stormed);
}

TEST_F(RateLimits, PortSetChangesOneLimitAndPortListShowsThem) {
  api::RateUpdate update;
  update.policer_pps = 1000;
  update.storm_broadcast_pps = 50;
  set_rates("a", update);
  api::RateUpdate only_policer;
  only_policer.policer_pps = 0;
  set_rates("a", only_policer);
  auto ports = h.sw().list_ports().ports;
  auto a = std::find_if(ports.begin(), ports.end(), [](const auto& p) { return p.name == "a"; });
  ASSERT_NE(a, ports.end());
  ASSERT_TRUE(a->rates.has_value());
  EXPECT_EQ(a->rates->policer_pps, 0u) << "turned off";
  EXPECT_EQ(a->rates->storm_broadcast_pps, 50u) << "left as it was";
  api::RateUpdate too_much;
  too_much.policer_bps = uint64_t{2} << 40;
  api::PortSetParams set;
  set.name = "a";
  set.rates = too_much;
  auto refused = h.sw().set_port(set);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("rates.policer_bps"), std::string::npos);
}

}  // namespace
}  // namespace nfv::test
