// Bridges side by side and under load: two bridges with the same MACs and VLANs stay
// isolated; a broadcast storm into many ports of one PMD reaches every port exactly once;
// stats.get satisfies the counter invariants in every snapshot while traffic flows.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

constexpr const char* kMacA = "02:00:00:00:00:0a";
constexpr const char* kMacB = "02:00:00:00:00:0b";
constexpr const char* kBroadcast = "ff:ff:ff:ff:ff:ff";

api::VlanConfig access(uint32_t tag) { return api::VlanConfig{"access", tag, "", 0}; }
api::VlanConfig trunk(const std::string& vlans) { return api::VlanConfig{"trunk", 0, vlans, 0}; }

std::vector<api::MacEntry> macs(SwitchHarness& h, const std::string& bridge) {
  api::MacListParams params;
  params.bridge = bridge;
  auto list = h.sw().list_macs(params);
  EXPECT_TRUE(list) << list.error().message;
  return list ? list->entries : std::vector<api::MacEntry>{};
}

TEST(TwoBridges, SameMacsAndVlansAreIsolatedAndLearnedPerBridge) {
  SwitchHarness h;
  for (std::string br : {"br0", "br1"}) {
    h.add_bridge(br);
    h.add_port("a" + br, br, access(10));
    h.add_port("b" + br, br, access(10));
    h.add_port("t" + br, br, trunk("10"));
  }
  // The same source MAC, in the same VLAN, behind a different port type in each bridge.
  Bytes in0 = make_frame(kBroadcast, kMacA, {}, 80, 1);
  Bytes in1 = make_frame(kBroadcast, kMacA, 10, 84, 2);
  h.inject("abr0", {in0});
  h.inject("tbr1", {in1});
  EXPECT_TRUE(SameFrames(h.collect("bbr0", 1), std::vector<Bytes>{in0}));
  EXPECT_EQ(h.collect("tbr0", 1).size(), 1u);
  EXPECT_EQ(h.collect("abr1", 1).size(), 1u);
  EXPECT_EQ(h.collect("bbr1", 1).size(), 1u);
  ASSERT_TRUE(h.wait_learned("br0", kMacA, 10));
  ASSERT_TRUE(h.wait_learned("br1", kMacA, 10));
  h.settle();
  EXPECT_TRUE(h.drain("abr1").empty() && h.drain("bbr1").empty() && h.drain("tbr1").empty())
      << "a br0 frame reached br1";
  EXPECT_TRUE(h.drain("abr0").empty());

  auto in_br0 = macs(h, "br0");
  auto in_br1 = macs(h, "br1");
  ASSERT_EQ(in_br0.size(), 1u);
  ASSERT_EQ(in_br1.size(), 1u);
  EXPECT_EQ(in_br0[0].port, "abr0");
  EXPECT_EQ(in_br1[0].port, "tbr1") << "learned separately: no move across bridges";
  EXPECT_EQ(h.stats("abr0").mac_moved + h.stats("tbr1").mac_moved, 0u);

  // Unicast to A goes to A's port in the sender's bridge only.
  Bytes to_a0 = make_frame(kMacA, kMacB, {}, 70, 3);
  Bytes to_a1 = make_frame(kMacA, kMacB, {}, 70, 4);
  h.inject("bbr0", {to_a0});
  h.inject("bbr1", {to_a1});
  EXPECT_TRUE(SameFrames(h.collect("abr0", 1), std::vector<Bytes>{to_a0}));
  EXPECT_TRUE(
      SameFrames(h.collect("tbr1", 1), std::vector<Bytes>{make_frame(kMacA, kMacB, 10, 74, 4)}));
  h.settle();
  for (const char* port : {"tbr0", "abr1", "bbr0", "bbr1"}) {
    EXPECT_TRUE(h.drain(port).empty()) << port;
  }
  // B was learned in both bridges, each on its own port.
  ASSERT_TRUE(h.wait_learned("br0", kMacB, 10));
  ASSERT_TRUE(h.wait_learned("br1", kMacB, 10));
  EXPECT_EQ(macs(h, "br0").size(), 2u);
  EXPECT_EQ(macs(h, "br1").size(), 2u);

  // Flushing one bridge leaves the other alone.
  auto flushed = h.sw().flush_macs(api::MacFlushParams{"br1", "", false});
  ASSERT_TRUE(flushed);
  EXPECT_EQ(flushed->count, 2u);
  EXPECT_EQ(macs(h, "br0").size(), 2u);
  h.expect_counter_invariants();
}

// Every port of a 30-port bridge on one PMD receives several full bursts of broadcasts at
// once: each PMD iteration floods 32 frames from each of 30 ports into 29 ports. (30 ring
// ports: Debian's DPDK is built with RTE_MAX_ETHPORTS = 32.)
TEST(BroadcastStorm, EveryFrameReachesEveryOtherPortOnceAndCountersAddUp) {
  constexpr int kPorts = 30;
  constexpr int kFramesPerPort = 4 * 32;
  HarnessOptions options;
  options.idle_sleep_max_us = 20000;  // a sleeping PMD finds every ring full when it wakes
  SwitchHarness h(options);
  h.add_bridge("br0");
  std::vector<std::string> names;
  for (int p = 0; p < kPorts; ++p) {
    names.push_back(fmt::format("p{}", p));
    h.add_port(names.back(), "br0");
  }
  std::vector<std::vector<Bytes>> sent(kPorts);
  for (int p = 0; p < kPorts; ++p) {
    std::string src = fmt::format("02:00:00:00:01:{:02x}", p);
    for (int i = 0; i < kFramesPerPort; ++i) {
      sent[p].push_back(make_frame(kBroadcast, src, {}, 60 + i % 16, static_cast<uint8_t>(i)));
    }
  }
  // The idle PMD's sleeps double from 1 us to the 20 ms cap, first reached by its 16th sleep:
  // from then on, it finds full rings when it wakes.
  auto pmd_sleeps = [&] { return h.sw().list_pmds().pmds.at(0).sleeps; };
  ASSERT_TRUE(SwitchHarness::wait_until([&] { return pmd_sleeps() >= 16; }))
      << "the idle PMD did not back off to its longest sleep (" << pmd_sleeps() << " sleeps)";
  for (int p = 0; p < kPorts; ++p) h.inject(names[p], sent[p]);

  const size_t expected_each = static_cast<size_t>(kPorts - 1) * kFramesPerPort;
  for (int q = 0; q < kPorts; ++q) {
    auto got = h.collect(names[q], expected_each);
    EXPECT_EQ(got.size(), expected_each) << "port " << names[q];
    // Frames from one port arrive in order; those of different ports interleave.
    std::vector<std::vector<Bytes>> by_source(kPorts);
    for (Bytes& frame : got) {
      ASSERT_GE(frame.size(), 12u);
      ASSERT_LT(frame[11], kPorts);
      by_source[frame[11]].push_back(std::move(frame));
    }
    for (int p = 0; p < kPorts; ++p) {
      EXPECT_TRUE(SameFrames(by_source[p], p == q ? std::vector<Bytes>{} : sent[p]))
          << "from " << names[p] << " to " << names[q];
    }
  }
  h.settle();
  for (int q = 0; q < kPorts; ++q) {
    auto s = h.stats(names[q]);
    EXPECT_EQ(s.rx_packets, static_cast<uint64_t>(kFramesPerPort)) << names[q];
    EXPECT_EQ(s.forwarded, static_cast<uint64_t>(kFramesPerPort)) << names[q];
    EXPECT_EQ(s.flooded, static_cast<uint64_t>(kFramesPerPort)) << names[q];
    EXPECT_EQ(s.tx_attempts, expected_each) << names[q];
    EXPECT_EQ(s.tx_packets, expected_each) << names[q];
    EXPECT_EQ(s.rx_dropped + s.tx_dropped, 0u) << names[q];
    EXPECT_TRUE(h.drain(names[q]).empty()) << names[q] << ": more frames than sent";
  }
  h.expect_counter_invariants();
}

// stats.get read over and over while two PMDs forward, flood and drop: every snapshot of
// every port satisfies the invariants, not just the final one.
TEST(CountersUnderTraffic, EverySnapshotSatisfiesTheInvariants) {
  HarnessOptions options;
  options.pmds = 2;
  SwitchHarness h(options);
  h.add_bridge("br0");
  h.add_port("a", "br0", access(10));
  h.add_port("b", "br0", access(10));
  h.add_port("c", "br0", access(20));
  h.add_port("t", "br0", trunk("10,20"), 2);
  h.add_port("x");  // in no bridge: no_destination
  // Learn A on a and B on b first, so unicast and hairpin frames below are deterministic.
  h.inject("a", {make_frame(kBroadcast, kMacA)});
  h.inject("b", {make_frame(kBroadcast, kMacB)});
  ASSERT_TRUE(h.wait_learned("br0", kMacA, 10));
  ASSERT_TRUE(h.wait_learned("br0", kMacB, 10));

  std::vector<Bytes> mix_a = {make_frame(kMacB, kMacA), make_frame(kBroadcast, kMacA),
                              make_frame(kMacA, "02:00:00:00:00:0c"),  // hairpin
                              make_frame(kMacB, kMacA, 10)};           // tagged on access
  std::vector<Bytes> mix_t = {make_frame(kMacA, "02:00:00:00:00:0d", 10),
                              make_frame(kBroadcast, "02:00:00:00:00:0e", 20),
                              make_frame(kBroadcast, "02:00:00:00:00:0f", 30)};  // not allowed
  std::vector<Bytes> mix_x = {make_frame(kMacA, kMacB)};
  std::atomic<bool> stop{false};
  std::atomic<int64_t> bursts{0};
  std::atomic<int64_t> out{0};
  std::thread traffic([&] {
    while (!stop.load()) {
      // Each burst sends 5 frames out: at most ~2000 of the harness's mbufs in flight.
      if (bursts.load() * 5 - out.load() < 2000) {
        h.inject("a", mix_a);
        h.inject("t", mix_t, static_cast<uint16_t>(bursts.load() % 2));
        h.inject("x", mix_x);
        ++bursts;
      }
      std::this_thread::yield();
    }
  });
  size_t snapshots = 0;
  size_t busy_snapshots = 0;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  uint64_t last_rx = 0;
  ::testing::AssertionResult consistent = ::testing::AssertionSuccess();
  while ((std::chrono::steady_clock::now() < until || snapshots < 200) && consistent) {
    for (const char* port : {"a", "b", "c", "t", "x"}) {
      out += static_cast<int64_t>(h.drain(port).size());
    }
    auto all = h.sw().stats(api::StatsParams{});
    if (!all) break;
    uint64_t rx = 0;
    for (const auto& s : all->ports) {
      consistent = counters_consistent(s);
      if (!consistent) {
        consistent << " (snapshot " << snapshots << ", port " << s.name << ")";
        break;
      }
      rx += s.rx_packets;
    }
    if (rx != last_rx) ++busy_snapshots;
    last_rx = rx;
    ++snapshots;
  }
  stop = true;
  traffic.join();
  EXPECT_TRUE(consistent);
  h.settle();
  EXPECT_GT(busy_snapshots, 50u) << "the snapshots were taken while traffic flowed";
  EXPECT_GT(h.drops("a", "hairpin"), 0u);
  EXPECT_GT(h.drops("a", "vlan_not_allowed"), 0u);
  EXPECT_GT(h.drops("t", "vlan_not_allowed"), 0u);
  EXPECT_GT(h.drops("x", "no_destination"), 0u);
  h.expect_counter_invariants();
}

}  // namespace
}  // namespace nfv::test
