#include "nfv/telemetry/derive.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/api/drop_reasons.h"
#include "nfv/telemetry/sampler.h"

namespace nfv::telemetry {
namespace {

using ::testing::HasSubstr;

api::PortStats port_stats(const std::string& name, uint64_t rx, uint64_t tx,
                          std::map<std::string, uint64_t> drops = {}) {
  api::PortStats s;
  s.name = name;
  for (const auto& reason : api::kDropReasons) s.drops[std::string(reason.name)] = 0;
  uint64_t rx_dropped = 0, tx_dropped = 0;
  for (const auto& [reason, count] : drops) {
    s.drops[reason] = count;
    (reason == "tx_queue_full" || reason == "port_down_tx" ? tx_dropped : rx_dropped) += count;
  }
  s.rx_packets = rx;
  s.rx_bytes = rx * 64;
  s.rx_dropped = rx_dropped;
  s.forwarded = rx - rx_dropped;
  s.tx_packets = tx;
  s.tx_bytes = tx * 64;
  s.tx_dropped = tx_dropped;
  s.tx_attempts = tx + tx_dropped;
  s.rx_queues = {{0, 0, rx - 0, 0, 256}};
  return s;
}

api::PortInfo port_info(const std::string& name) {
  api::PortInfo info;
  info.name = name;
  info.type = "vhost";
  info.link = "up";
  info.bridge = "br0";
  info.numa = 0;
  return info;
}

RawSample raw(double t, std::vector<api::PortStats> stats, uint64_t busy, uint64_t idle) {
  RawSample r;
  r.time_s = t;
  r.utc = "2026-12-07T15:00:00Z";
  r.switch_up = true;
  r.stats.ports = std::move(stats);
  for (const auto& s : r.stats.ports) r.ports.ports.push_back(port_info(s.name));
  api::PmdInfo pmd;
  pmd.id = 0;
  pmd.cpu = 1;
  pmd.busy_cycles = busy;
  pmd.idle_cycles = idle;
  pmd.packets = busy / 100;
  r.pmds.pmds = {pmd};
  api::BridgeInfo bridge;
  bridge.name = "br0";
  bridge.mac_table_size = 4096;
  bridge.mac_limit = 1000;
  bridge.macs = 12;
  r.bridges.bridges = {bridge};
  r.guests = {{"vm1", true, {"vm1-eth0"}, {}}};
  return r;
}

const api::TelemetryPort& port(const api::TelemetrySample& s, const std::string& name) {
  for (const auto& p : s.ports) {
    if (p.name == name) return p;
  }
  throw std::runtime_error("no port " + name);
}

TEST(DeriveTest, TheFirstSampleHasTotalsAndNoRates) {
  auto first = raw(10, {port_stats("vm1-eth0", 100, 50, {{"malformed", 3}})}, 1000, 9000);
  auto s = derive_sample(nullptr, first, nullptr);
  EXPECT_EQ(s.interval_s, 0);
  const auto& p = port(s, "vm1-eth0");
  EXPECT_EQ(p.rx_packets, 100u);
  EXPECT_EQ(p.rx_pps, 0);
  EXPECT_EQ(p.verdict, api::kVerdictNone);
  // Drops before sampling began are attributed too: every drop is in exactly one verdict.
  EXPECT_EQ(p.lost_by_verdict.at(api::kVerdictBadFrames), 3u);
  EXPECT_EQ(p.guest, "vm1");
  EXPECT_EQ(p.bridge, "br0");
  EXPECT_TRUE(p.link);
  ASSERT_EQ(s.bridges.size(), 1u);
  EXPECT_EQ(s.bridges[0].mac_capacity, 1000u);  // the bridge's limit, lower than the table
}

TEST(DeriveTest, RatesLossAndVerdictOverTheInterval) {
  auto before = raw(10, {port_stats("vm1-eth0", 1000, 1000), port_stats("nic", 0, 0)}, 0, 0);
  // 2 s later: vm1 received 4000 more from the switch and 400 more did not fit in its ring;
  // it sent 2000.
  auto after = raw(
      12, {port_stats("vm1-eth0", 3000, 5000, {{"tx_queue_full", 400}}), port_stats("nic", 0, 0)},
      75, 25);
  after.peers["vm1-eth0"] = {42, {{42, 0}, {43, 900'000'000}}};
  before.peers["vm1-eth0"] = {42, {{42, 0}, {43, 100'000'000}}};
  auto first = derive_sample(nullptr, before, nullptr);
  auto s = derive_sample(&before, after, &first);
  EXPECT_DOUBLE_EQ(s.interval_s, 2);
  const auto& p = port(s, "vm1-eth0");
  EXPECT_DOUBLE_EQ(p.rx_pps, 1000);
  EXPECT_DOUBLE_EQ(p.tx_pps, 2000);
  EXPECT_DOUBLE_EQ(p.rx_bps, 1000 * 64 * 8);
  EXPECT_DOUBLE_EQ(p.dropped_pps, 200);
  // offered: 2000 received + 4400 offered for delivery; 400 lost
  EXPECT_DOUBLE_EQ(p.loss_ratio, 400.0 / 6400.0);
  EXPECT_DOUBLE_EQ(p.drop_pps.at("tx_queue_full"), 200);
  EXPECT_EQ(p.drop_pps.count("malformed"), 0u);
  // The guest's thread 43 waited 0.8 s of 2 s: 40%, starved.
  EXPECT_EQ(p.verdict, api::kVerdictGuestStarved);
  EXPECT_THAT(p.verdict_text, HasSubstr("40% of the time"));
  EXPECT_EQ(p.lost_by_verdict.at(api::kVerdictGuestStarved), 400u);
  ASSERT_EQ(s.pmds.size(), 1u);
  EXPECT_DOUBLE_EQ(s.pmds[0].busy_ratio, 0.75);
  ASSERT_EQ(s.guests.size(), 1u);
  const auto& g = s.guests[0];
  EXPECT_DOUBLE_EQ(g.rx_pps, 2000);  // what the switch delivered to it
  EXPECT_DOUBLE_EQ(g.tx_pps, 1000);  // what it sent
  EXPECT_DOUBLE_EQ(g.loss_ratio, 400.0 / 6400.0);
  EXPECT_DOUBLE_EQ(g.vcpu_wait_ratio, 0.4);
  EXPECT_EQ(g.verdict, api::kVerdictGuestStarved);
  EXPECT_EQ(port(s, "nic").verdict, api::kVerdictNone);
  EXPECT_EQ(port(s, "nic").loss_ratio, 0);
}

TEST(DeriveTest, LostTotalsCarryOnAndAddUpToTheDrops) {
  auto a = raw(0, {port_stats("p", 100, 0, {{"anti_spoof", 5}})}, 0, 0);
  auto b = raw(1, {port_stats("p", 200, 0, {{"anti_spoof", 5}, {"malformed", 7}})}, 0, 0);
  auto c = raw(2, {port_stats("p", 300, 0, {{"anti_spoof", 9}, {"malformed", 7}})}, 0, 0);
  auto sa = derive_sample(nullptr, a, nullptr);
  auto sb = derive_sample(&a, b, &sa);
  auto sc = derive_sample(&b, c, &sb);
  const auto& p = port(sc, "p");
  EXPECT_EQ(p.lost_by_verdict.at(api::kVerdictPolicy), 9u);
  EXPECT_EQ(p.lost_by_verdict.at(api::kVerdictBadFrames), 7u);
  uint64_t lost = 0;
  for (const auto& [verdict, count] : p.lost_by_verdict) lost += count;
  EXPECT_EQ(lost, p.rx_dropped + p.tx_dropped);
}

TEST(DeriveTest, CountersThatGoBackwardsAreANewSwitch) {
  auto a = raw(0, {port_stats("p", 1000, 0)}, 0, 0);
  auto b = raw(1, {port_stats("p", 10, 0, {{"malformed", 2}})}, 0, 0);
  auto sa = derive_sample(nullptr, a, nullptr);
  auto sb = derive_sample(&a, b, &sa);
  const auto& p = port(sb, "p");
  EXPECT_DOUBLE_EQ(p.rx_pps, 10);  // from zero, not a huge wrapped delta
  EXPECT_EQ(p.lost_by_verdict.at(api::kVerdictBadFrames), 2u);
}

TEST(DeriveTest, ASwitchThatCouldNotBeReadGivesNoRates) {
  auto a = raw(0, {port_stats("p", 1000, 0)}, 0, 0);
  RawSample down;
  down.time_s = 1;
  down.switch_up = false;
  down.error = "connection refused";
  auto b = raw(2, {port_stats("p", 3000, 0)}, 0, 0);
  auto sa = derive_sample(nullptr, a, nullptr);
  auto sd = derive_sample(&a, down, &sa);
  EXPECT_FALSE(sd.switch_up);
  EXPECT_EQ(sd.error, "connection refused");
  // The last known counters stay (totals never go backwards), without rates or link.
  ASSERT_EQ(sd.ports.size(), 1u);
  EXPECT_EQ(port(sd, "p").rx_packets, 1000u);
  EXPECT_EQ(port(sd, "p").rx_pps, 0);
  EXPECT_FALSE(port(sd, "p").link);
  auto sb = derive_sample(&down, b, &sd);
  EXPECT_EQ(port(sb, "p").rx_pps, 0);  // no rate across a gap in the switch's answers
  EXPECT_EQ(port(sb, "p").rx_packets, 3000u);
}

TEST(DeriveTest, AVfIsAPortSeenFromTheSwitchSide) {
  auto a = raw(0, {}, 0, 0);
  a.guests = {{"ai0", true, {}, {"0000:3b:00.0/vf1"}}};
  a.vfs = {{"0000:3b:00.0/vf1", 1, true, 100, 6400, 200, 12800, 0, 0}};
  auto b = a;
  b.time_s = 1;
  // The VF delivered 1000 to the guest and dropped 10 it had no buffer for; the guest sent 500.
  b.vfs = {{"0000:3b:00.0/vf1", 1, true, 1100, 70400, 700, 44800, 10, 0}};
  auto sa = derive_sample(nullptr, a, nullptr);
  auto sb = derive_sample(&a, b, &sa);
  const auto& p = port(sb, "0000:3b:00.0/vf1");
  EXPECT_EQ(p.kind, "vf");
  EXPECT_EQ(p.guest, "ai0");
  EXPECT_EQ(p.numa_node, 1);
  EXPECT_DOUBLE_EQ(p.rx_pps, 500);
  EXPECT_DOUBLE_EQ(p.tx_pps, 1000);
  EXPECT_DOUBLE_EQ(p.loss_ratio, 10.0 / 1510.0);
  EXPECT_EQ(p.verdict, api::kVerdictGuestNotDraining);
  ASSERT_EQ(sb.guests.size(), 1u);
  EXPECT_DOUBLE_EQ(sb.guests[0].rx_pps, 1000);
  EXPECT_EQ(sb.guests[0].vcpu_wait_ratio, -1);
}

// The sampler over a scripted source: a switch that misses a sample keeps its baseline.
class Script : public SampleSource {
 public:
  explicit Script(std::vector<RawSample> samples) : samples_(std::move(samples)) {}
  RawSample read() override { return samples_.at(next_++); }

 private:
  std::vector<RawSample> samples_;
  size_t next_ = 0;
};

TEST(SamplerTest, AMissedSampleKeepsTheBaselineAndTheAttribution) {
  auto a = raw(0, {port_stats("p", 0, 0, {{"tx_queue_full", 0}})}, 0, 0);
  auto b = raw(1, {port_stats("p", 100, 100, {{"tx_queue_full", 10}})}, 0, 0);
  b.peers["p"] = {7, {{7, 0}}};
  auto c = b;
  c.peers["p"] = {7, {{7, 600'000'000}}};  // waited 0.6 s of 1 s: starved
  c.time_s = 2;
  c.stats.ports = {port_stats("p", 200, 200, {{"tx_queue_full", 30}})};
  RawSample down;
  down.time_s = 3;
  down.error = "timed out";
  auto d = raw(5, {port_stats("p", 600, 600, {{"tx_queue_full", 30}})}, 0, 0);
  Sampler sampler(std::make_unique<Script>(std::vector<RawSample>{a, b, c, down, d}), {});
  for (int i = 0; i < 5; ++i) sampler.sample_once();
  auto samples = sampler.history(100).samples;
  ASSERT_EQ(samples.size(), 5u);
  const auto& missed = port(samples[3], "p");
  EXPECT_EQ(missed.lost_by_verdict.at(api::kVerdictGuestStarved), 20u);
  const auto& back = port(samples[4], "p");
  // Rates over the gap since the last answer (3 s, from t=2), attribution carried on.
  EXPECT_DOUBLE_EQ(samples[4].interval_s, 3);
  EXPECT_DOUBLE_EQ(back.rx_pps, 400.0 / 3);
  EXPECT_EQ(back.lost_by_verdict.at(api::kVerdictGuestStarved), 20u);
  EXPECT_EQ(back.lost_by_verdict.at(api::kVerdictGuestNotDraining), 10u);
  uint64_t lost = 0;
  for (const auto& [verdict, count] : back.lost_by_verdict) lost += count;
  EXPECT_EQ(lost, back.rx_dropped + back.tx_dropped);
}

}  // namespace
}  // namespace nfv::telemetry
