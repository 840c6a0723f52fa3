// MAC limits and locks, end to end in a real switch: per port and per bridge, a source MAC
// past the limit is not learned (counted in mac_limit_refused) while the MACs already learned
// keep working and frames to a refused MAC still arrive (flooded); ageing, flush and delete
// free the limit; a move counts against the new port's limit; a MAC learned on a port with
// mac_lock is not moved away by learning (mac_lock_refused), nor is a static one.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

constexpr const char* kBroadcast = "ff:ff:ff:ff:ff:ff";
constexpr const char* kMacB = "02:00:00:00:00:0b";
constexpr const char* kMacC = "02:00:00:00:00:0c";

std::string host(int i) { return fmt::format("02:00:00:00:01:{:02x}", i); }

// Frames in a fixed order (byte by byte; GCC 12 warns wrongly on std::vector's operator<).
std::vector<Bytes> sorted(std::vector<Bytes> frames) {
  auto less = [](const Bytes& x, const Bytes& y) {
    if (x.size() != y.size()) return x.size() < y.size();
    for (size_t i = 0; i < x.size(); ++i) {
      if (x[i] != y[i]) return x[i] < y[i];
    }
    return false;
  };
  std::sort(frames.begin(), frames.end(), less);
  return frames;
}

class MacLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h.add_bridge("br0");
    h.add_port("a", "br0");
    h.add_port("b", "br0");
    h.add_port("c", "br0");
  }
  void TearDown() override { h.expect_counter_invariants(); }

  void set_port(const std::string& port, std::optional<uint32_t> mac_limit,
                std::optional<bool> mac_lock = {}) {
    api::PortSetParams params;
    params.name = port;
    params.mac_limit = mac_limit;
    params.mac_lock = mac_lock;
    auto set = h.sw().set_port(params);
    ASSERT_TRUE(set) << set.error().message;
  }
  // The MACs learned on `port` (in br0), sorted.
  std::set<std::string> macs_on(const std::string& port) {
    api::MacListParams params;
    params.bridge = "br0";
    params.port = port;
    auto list = h.sw().list_macs(params);
    EXPECT_TRUE(list) << list.error().message;
    std::set<std::string> macs;
    if (list) {
      for (const auto& entry : list->entries) macs.insert(entry.mac);
    }
    return macs;
  }
  // Sends one broadcast from each source on `port` and waits until the writer has decided
  // on every one of them (learned, moved or refused: the port's learning counters grew by
  // `sources.size()`).
  void send_from(const std::string& port, const std::vector<std::string>& sources) {
    auto decided = [&] {
      auto s = h.stats(port);
      return s.mac_learned + s.mac_moved + s.mac_table_full + s.mac_limit_refused +
             s.mac_lock_refused;
    };
    uint64_t before = decided();
    std::vector<Bytes> frames;
    for (const auto& source : sources) frames.push_back(make_frame(kBroadcast, source));
    h.inject(port, frames);
    ASSERT_TRUE(SwitchHarness::wait_until([&] { return decided() >= before + sources.size(); }))
        << "the MAC table's writer did not decide on every source of " << port;
    h.settle();
    drain_all();
  }
  void drain_all() {
    for (const char* port : {"a", "b", "c"}) h.drain(port);
  }
  // A frame to `mac` from `from`: which of the other ports it reached. Its source (kMacB) is
  // learned on `from` before this returns, so later counts see no late decision.
  std::set<std::string> reach_of(const std::string& from, const std::string& mac) {
    h.inject(from, {make_frame(mac, kMacB)});
    h.settle();
    EXPECT_TRUE(SwitchHarness::wait_until([&] { return macs_on(from).count(kMacB) == 1; }));
    std::set<std::string> reached;
    for (const char* port : {"a", "b", "c"}) {
      if (!h.drain(port).empty()) reached.insert(port);
    }
    return reached;
  }
  SwitchHarness h;
};

using Ports = std::set<std::string>;

TEST_F(MacLimitTest, PortLimitLearnsFourRefusesSixAndFramesStillFlow) {
  set_port("a", 4);
  std::vector<std::string> sources;
  std::vector<Bytes> frames;
  for (int i = 0; i < 10; ++i) {
    sources.push_back(host(i));
    frames.push_back(make_frame(kBroadcast, host(i), std::nullopt, 64, static_cast<uint8_t>(i)));
  }
  h.inject("a", frames);
  EXPECT_TRUE(SameFrames(h.collect("b", 10), frames)) << "refused sources are still forwarded";
  EXPECT_TRUE(SameFrames(h.collect("c", 10), frames));
  ASSERT_TRUE(SwitchHarness::wait_until([&] {
    auto s = h.stats("a");
    return s.mac_learned + s.mac_limit_refused >= 10;
  }));
  auto s = h.stats("a");
  EXPECT_EQ(s.mac_learned, 4u);
  EXPECT_EQ(s.mac_limit_refused, 6u);
  EXPECT_EQ(s.mac_table_full, 0u);
  std::set<std::string> learned = macs_on("a");
  ASSERT_EQ(learned.size(), 4u);

  // From b: frames to the 4 learned MACs are unicast to a; frames to the 6 refused ones flood.
  h.settle();
  drain_all();
  std::vector<Bytes> to_all;
  std::vector<Bytes> to_refused;
  for (const auto& mac : sources) {
    Bytes frame = make_frame(mac, kMacB, std::nullopt, 80, static_cast<uint8_t>(to_all.size()));
    to_all.push_back(frame);
    if (learned.count(mac) == 0) to_refused.push_back(frame);
  }
  h.inject("b", to_all);
  // Unicast and flooded frames may leave in another order than they came: compare sorted.
  EXPECT_TRUE(SameFrames(sorted(h.collect("a", 10)), sorted(to_all)))
      << "every host behind a gets its frames";
  h.settle();
  EXPECT_TRUE(SameFrames(sorted(h.drain("c")), sorted(to_refused)))
      << "only frames to refused MACs flood";
  EXPECT_EQ(h.stats("b").flooded, 6u);
  EXPECT_EQ(h.stats("a").mac_limit_refused, 6u) << "frames to refused MACs are not requests";
}

TEST_F(MacLimitTest, AgeingFlushAndDeleteFreeThePortsLimit) {
  set_port("a", 2);
  send_from("a", {host(1), host(2), host(3)});
  EXPECT_EQ(macs_on("a"), (Ports{host(1), host(2)}));
  EXPECT_EQ(h.stats("a").mac_limit_refused, 1u);

  auto aged = h.sw().advance_clock(api::ClockParams{400});
  ASSERT_TRUE(aged) << aged.error().message;
  EXPECT_EQ(aged->aged, 2u);
  send_from("a", {host(3), host(4), host(5)});
  EXPECT_EQ(macs_on("a"), (Ports{host(3), host(4)})) << "ageing freed the limit";
  EXPECT_EQ(h.stats("a").mac_limit_refused, 2u);

  auto flushed = h.sw().flush_macs(api::MacFlushParams{"br0", "a", false});
  ASSERT_TRUE(flushed) << flushed.error().message;
  EXPECT_EQ(flushed->count, 2u);
  send_from("a", {host(5), host(6)});
  EXPECT_EQ(macs_on("a"), (Ports{host(5), host(6)})) << "a flush freed the limit";

  ASSERT_TRUE(h.sw().del_mac(api::MacDelParams{"br0", host(5), 0, false}));
  send_from("a", {host(7), host(8)});
  EXPECT_EQ(macs_on("a"), (Ports{host(6), host(7)})) << "a delete freed one place";
  auto s = h.stats("a");
  EXPECT_EQ(s.mac_learned, 7u);
  EXPECT_EQ(s.mac_limit_refused, 3u);
}

TEST_F(MacLimitTest, ALowerLimitKeepsWhatIsLearnedAndZeroRemovesIt) {
  send_from("a", {host(1), host(2), host(3)});
  set_port("a", 1);
  EXPECT_EQ(macs_on("a").size(), 3u) << "existing MACs keep working";
  EXPECT_EQ(reach_of("b", host(2)), (Ports{"a"}));
  send_from("a", {host(4)});
  EXPECT_EQ(h.stats("a").mac_limit_refused, 1u);
  set_port("a", 0);
  send_from("a", {host(4)});
  EXPECT_EQ(macs_on("a").size(), 4u);
}

TEST(MacLimitBridge, BridgeLimitIsSharedByItsPorts) {
  SwitchHarness h;
  h.add_bridge("br1", {}, 5);
  h.add_port("a", "br1");
  h.add_port("b", "br1");
  auto decided = [&](const std::string& port) {
    auto s = h.stats(port);
    return s.mac_learned + s.mac_limit_refused;
  };
  std::vector<Bytes> from_a;
  for (int i = 0; i < 3; ++i) from_a.push_back(make_frame(kBroadcast, host(i)));
  h.inject("a", from_a);
  ASSERT_TRUE(SwitchHarness::wait_until([&] { return decided("a") >= 3; }));
  std::vector<Bytes> from_b;
  for (int i = 10; i < 14; ++i) from_b.push_back(make_frame(kBroadcast, host(i)));
  h.inject("b", from_b);
  ASSERT_TRUE(SwitchHarness::wait_until([&] { return decided("b") >= 4; }));
  h.inject("a", {make_frame(kBroadcast, host(3))});
  ASSERT_TRUE(SwitchHarness::wait_until([&] { return decided("a") >= 4; }));
  EXPECT_EQ(h.collect("b", 4).size(), 4u) << "frames of refused sources are still forwarded";
  EXPECT_EQ(h.collect("a", 4).size(), 4u);

  EXPECT_EQ(h.stats("a").mac_learned, 3u);
  EXPECT_EQ(h.stats("a").mac_limit_refused, 1u) << "the bridge was full";
  EXPECT_EQ(h.stats("b").mac_learned, 2u);
  EXPECT_EQ(h.stats("b").mac_limit_refused, 2u);
  auto bridges = h.sw().list_bridges();
  ASSERT_EQ(bridges.bridges.size(), 1u);
  EXPECT_EQ(bridges.bridges[0].mac_limit, 5u);
  EXPECT_EQ(bridges.bridges[0].macs, 5u);

  // Static entries are not learned and do not count: one more still fits below the table.
  ASSERT_TRUE(h.sw().add_mac(api::MacAddParams{"br1", kMacC, "b", 0}));
  ASSERT_TRUE(h.sw().flush_macs(api::MacFlushParams{"br1", "a", false}));
  h.inject("b", from_b);
  ASSERT_TRUE(SwitchHarness::wait_until([&] { return h.stats("b").mac_learned >= 4; }));
  EXPECT_EQ(h.sw().list_bridges().bridges[0].macs, 5u) << "4 learned on b and 1 static";
  EXPECT_EQ(h.stats("b").mac_limit_refused, 2u);
  h.settle();
  h.expect_counter_invariants();
}

TEST_F(MacLimitTest, AMoveCountsAgainstTheNewPortsLimit) {
  set_port("a", 2);
  set_port("b", 1);
  send_from("a", {host(1), host(2)});
  send_from("b", {host(3)});
  // host 1 shows up behind b, which is full: refused, the entry stays on a.
  send_from("b", {host(1)});
  auto b = h.stats("b");
  EXPECT_EQ(b.mac_moved, 0u);
  EXPECT_EQ(b.mac_limit_refused, 1u);
  EXPECT_EQ(macs_on("a"), (Ports{host(1), host(2)}));
  EXPECT_EQ(reach_of("c", host(1)), (Ports{"a"}));

  // With room on b the move happens, and frees a place on a.
  ASSERT_TRUE(h.sw().del_mac(api::MacDelParams{"br0", host(3), 0, false}));
  send_from("b", {host(1)});
  EXPECT_EQ(h.stats("b").mac_moved, 1u);
  EXPECT_EQ(reach_of("c", host(1)), (Ports{"b"}));
  send_from("a", {host(4)});
  EXPECT_EQ(macs_on("a"), (Ports{host(2), host(4)}));
  EXPECT_EQ(macs_on("b"), (Ports{host(1)}));
  EXPECT_EQ(h.stats("a").mac_limit_refused, 0u);
}

TEST_F(MacLimitTest, ALockedMacIsNotMovedAndItsPortKeepsReceiving) {
  set_port("a", {}, true);
  send_from("a", {host(1)});
  send_from("b", {host(1)});  // another port claims host 1
  auto b = h.stats("b");
  EXPECT_EQ(b.mac_lock_refused, 1u);
  EXPECT_EQ(b.mac_moved, 0u);
  EXPECT_EQ(macs_on("a"), (Ports{host(1)}));
  EXPECT_EQ(reach_of("c", host(1)), (Ports{"a"})) << "still unicast to its own port";

  // Claims from another port are not the owner's activity: a silent owner's entry ages out.
  ASSERT_TRUE(h.sw().advance_clock(api::ClockParams{200}));
  send_from("b", {host(1)});
  EXPECT_EQ(h.stats("b").mac_lock_refused, 2u);
  ASSERT_TRUE(h.sw().advance_clock(api::ClockParams{150}));  // 350 s since a last sent
  EXPECT_TRUE(macs_on("a").empty());
  send_from("b", {host(1)});
  EXPECT_EQ(h.stats("b").mac_learned, 1u);
  EXPECT_EQ(macs_on("b"), (Ports{host(1)}));

  // Unlocked, a MAC moves again; locking b keeps it there.
  set_port("b", {}, true);
  send_from("c", {host(1)});
  EXPECT_EQ(h.stats("c").mac_lock_refused, 1u);
  set_port("b", {}, false);
  send_from("c", {host(1)});
  EXPECT_EQ(h.stats("c").mac_moved, 1u);
  EXPECT_EQ(reach_of("a", host(1)), (Ports{"c"}));
}

TEST_F(MacLimitTest, AStaticMacIsNeverMovedByLearning) {
  ASSERT_TRUE(h.sw().add_mac(api::MacAddParams{"br0", kMacC, "c", 0}));
  set_port("c", 1);
  h.inject("b", {make_frame(kBroadcast, kMacC)});  // a frame claiming the static MAC
  h.settle();
  drain_all();
  EXPECT_EQ(reach_of("a", kMacC), (Ports{"c"}));
  auto b = h.stats("b");
  EXPECT_EQ(b.mac_moved + b.mac_learned + b.mac_lock_refused + b.mac_limit_refused, 0u);
  // The static entry does not count against c's limit of 1.
  send_from("c", {host(1)});
  EXPECT_EQ(h.stats("c").mac_learned, 1u);
  EXPECT_EQ(h.stats("c").mac_limit_refused, 0u);
  // A learned MAC made static leaves the count: c can learn one more.
  send_from("c", {host(2)});
  EXPECT_EQ(h.stats("c").mac_limit_refused, 1u);
  ASSERT_TRUE(h.sw().add_mac(api::MacAddParams{"br0", host(1), "c", 0}));
  send_from("c", {host(2)});
  EXPECT_EQ(h.stats("c").mac_learned, 2u);
  EXPECT_EQ(macs_on("c"), (Ports{kMacC, host(1), host(2)}));
}

TEST_F(MacLimitTest, LimitsAreValidatedShownAndErrorsNameTheField) {
  auto port_a = [&] {
    auto ports = h.sw().list_ports();
    auto a = std::find_if(ports.ports.begin(), ports.ports.end(),
                          [](const api::PortInfo& p) { return p.name == "a"; });
    EXPECT_NE(a, ports.ports.end());
    return a == ports.ports.end() ? api::PortInfo{} : *a;
  };
  api::PortSetParams too_high;
  too_high.name = "a";
  too_high.mac_limit = (1u << 24) + 1;
  too_high.mac_lock = true;
  auto refused = h.sw().set_port(too_high);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, static_cast<int>(api::ErrorCode::kInvalidParams));
  EXPECT_EQ(refused.error().message,
            "port a: mac_limit 16777217 is out of range [0, 16777216] (0: no limit)");
  EXPECT_FALSE(port_a().mac_lock) << "a refused request changes nothing";

  set_port("a", 16, true);
  api::PortInfo a = port_a();
  EXPECT_EQ(a.mac_limit, 16u);
  EXPECT_TRUE(a.mac_lock);
  EXPECT_EQ(api::to_wire(a).at("mac_limit"), 16);
  EXPECT_EQ(api::to_wire(a).at("mac_lock"), true);

  api::BridgeAddParams bridge;
  bridge.name = "br9";
  bridge.mac_table_size = 64;
  bridge.mac_limit = 65;
  auto big = dp::handle_bridge_add(h.sw(), bridge);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().message,
            "bridge br9: mac_limit 65 is above its mac_table_size 64 (give at most 64, or 0 for "
            "no limit but the table's size)");
  EXPECT_EQ(h.sw().list_bridges().bridges.size(), 1u) << "nothing was added";
}

}  // namespace
}  // namespace nfv::test
