// L2 learning bridge behaviour: flooding, learning, unicast, ageing, static MACs, table full,
// hairpin and malformed frames, with exact counters.
#include <gtest/gtest.h>

#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

constexpr const char* kMacA = "02:00:00:00:00:0a";
constexpr const char* kMacB = "02:00:00:00:00:0b";
constexpr const char* kMacC = "02:00:00:00:00:0c";
constexpr const char* kUnknown = "02:00:00:00:00:99";
constexpr const char* kBroadcast = "ff:ff:ff:ff:ff:ff";

class BridgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h.add_bridge("br0");
    h.add_port("a", "br0");
    h.add_port("b", "br0");
    h.add_port("c", "br0");
  }
  void TearDown() override { h.expect_counter_invariants(); }
  SwitchHarness h;
};

TEST_F(BridgeTest, UnknownDestinationFloodsThenReplyIsUnicast) {
  Bytes first = make_frame(kMacB, kMacA, std::nullopt, 100, 1);
  h.inject("a", {first});
  EXPECT_TRUE(SameFrames(h.collect("b", 1), std::vector<Bytes>{first}));
  EXPECT_TRUE(SameFrames(h.collect("c", 1), std::vector<Bytes>{first}));
  EXPECT_TRUE(h.drain("a").empty()) << "never back out of the ingress port";
  ASSERT_TRUE(h.wait_learned("br0", kMacA));

  Bytes reply = make_frame(kMacA, kMacB, std::nullopt, 100, 2);
  h.inject("b", {reply});
  EXPECT_TRUE(SameFrames(h.collect("a", 1), std::vector<Bytes>{reply}));
  ASSERT_TRUE(h.wait_learned("br0", kMacB));
  h.settle();
  EXPECT_TRUE(h.drain("c").empty()) << "a learned destination is not flooded";

  Bytes again = make_frame(kMacB, kMacA, std::nullopt, 100, 3);
  h.inject("a", {again});
  EXPECT_TRUE(SameFrames(h.collect("b", 1), std::vector<Bytes>{again}));
  h.settle();
  EXPECT_TRUE(h.drain("c").empty());

  auto a = h.stats("a");
  EXPECT_EQ(a.rx_packets, 2u);
  EXPECT_EQ(a.forwarded, 2u);
  EXPECT_EQ(a.flooded, 1u);
  EXPECT_EQ(a.mac_learned, 1u);
  EXPECT_EQ(h.stats("c").tx_packets, 1u);
  EXPECT_EQ(h.stats("b").tx_packets, 2u);
}

TEST_F(BridgeTest, BroadcastReachesEveryOtherPortByReference) {
  std::vector<Bytes> frames;
  for (uint8_t i = 0; i < 50; ++i) frames.push_back(make_frame(kBroadcast, kMacA, {}, 60 + i, i));
  h.inject("a", frames);
  EXPECT_TRUE(SameFrames(h.collect("b", 50), frames));
  EXPECT_TRUE(SameFrames(h.collect("c", 50), frames));
  EXPECT_EQ(h.stats("a").flooded, 50u);
}

TEST_F(BridgeTest, MacMovesToTheNewPort) {
  h.inject("a", {make_frame(kBroadcast, kMacA)});
  ASSERT_TRUE(h.wait_learned("br0", kMacA));
  h.inject("c", {make_frame(kBroadcast, kMacA)});  // A moved behind port c
  ASSERT_TRUE(SwitchHarness::wait_until([&] { return h.stats("c").mac_moved == 1; }));
  h.settle();
  h.drain("a");
  h.drain("b");
  h.drain("c");
  Bytes to_a = make_frame(kMacA, kMacB);
  h.inject("b", {to_a});
  EXPECT_TRUE(SameFrames(h.collect("c", 1), std::vector<Bytes>{to_a}));
  h.settle();
  EXPECT_TRUE(h.drain("a").empty());
}

TEST_F(BridgeTest, HairpinIsDroppedAndCounted) {
  h.inject("a", {make_frame(kBroadcast, kMacA)});
  ASSERT_TRUE(h.wait_learned("br0", kMacA));
  // A frame entering port a for a MAC learned on port a: it cannot go back out.
  h.inject("a", {make_frame(kMacA, kMacC)});
  h.settle();
  EXPECT_EQ(h.drops("a", "hairpin"), 1u);
}

TEST_F(BridgeTest, RuntAndMulticastSourceAreMalformed) {
  Bytes runt = {0x02, 0, 0, 0, 0, 0x0b, 0x02, 0, 0};  // 9 bytes
  Bytes multicast_source = make_frame(kMacB, "03:00:00:00:00:01");
  Bytes short_tag = make_frame(kMacB, kMacA, 10);
  short_tag.resize(16);  // the 802.1Q header is cut off
  h.inject("a", {runt, multicast_source, short_tag});
  h.settle();
  EXPECT_EQ(h.drops("a", "malformed"), 3u);
  EXPECT_TRUE(h.drain("b").empty());
}

TEST_F(BridgeTest, ShortButCompleteFramesAreForwarded) {
  // Guests send ARP as 42-byte frames without padding: valid, not runts.
  Bytes arp = make_frame(kBroadcast, kMacA, {}, 42);
  h.inject("a", {arp});
  EXPECT_TRUE(SameFrames(h.collect("b", 1), std::vector<Bytes>{arp}));
}

TEST_F(BridgeTest, AgeingForgetsIdleMacsAndKeepsActiveOnes) {
  h.inject("a", {make_frame(kBroadcast, kMacA)});
  h.inject("b", {make_frame(kBroadcast, kMacB)});
  ASSERT_TRUE(h.wait_learned("br0", kMacA));
  ASSERT_TRUE(h.wait_learned("br0", kMacB));
  auto advance = [&](double seconds) {
    auto result = h.sw().advance_clock(api::ClockParams{seconds});
    EXPECT_TRUE(result) << result.error().message;
    return result ? result->aged : 0;
  };
  EXPECT_EQ(advance(200), 0u);
  // B talks again (its entry is refreshed); A stays silent.
  h.inject("b", {make_frame(kBroadcast, kMacB)});
  h.settle();
  EXPECT_EQ(advance(150), 1u) << "A idle for 350 s > 300 s ageing";
  EXPECT_FALSE(h.wait_learned("br0", kMacA, 0, std::chrono::milliseconds(0)));
  EXPECT_TRUE(h.wait_learned("br0", kMacB, 0, std::chrono::milliseconds(0)));
  h.drain("a");
  h.drain("c");
  // A forgotten: frames to it flood again.
  h.inject("b", {make_frame(kMacA, kMacB)});
  EXPECT_EQ(h.collect("a", 1).size(), 1u);
  EXPECT_EQ(h.collect("c", 1).size(), 1u);
}

TEST_F(BridgeTest, StaticMacIsUsedAndNeverMovesOrAges) {
  api::MacAddParams add{"br0", kMacC, "c", 0};
  auto added = h.sw().add_mac(add);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_TRUE(added->is_static);
  Bytes to_c = make_frame(kMacC, kMacA);
  h.inject("a", {to_c});
  EXPECT_TRUE(SameFrames(h.collect("c", 1), std::vector<Bytes>{to_c}));
  h.settle();
  EXPECT_TRUE(h.drain("b").empty()) << "a static destination is not flooded";
  // The same MAC seen as a source on b does not move a static entry.
  h.inject("b", {make_frame(kBroadcast, kMacC)});
  h.settle();
  EXPECT_EQ(h.stats("b").mac_moved, 0u);
  EXPECT_EQ(h.sw().advance_clock(api::ClockParams{10000})->aged, 1u);  // only A (learned)
  h.drain("c");
  h.inject("a", {to_c});
  EXPECT_TRUE(SameFrames(h.collect("c", 1), std::vector<Bytes>{to_c}));
  // Errors name what is wrong and change nothing.
  auto bad_port = h.sw().add_mac(api::MacAddParams{"br0", kMacC, "nope", 0});
  ASSERT_FALSE(bad_port);
  EXPECT_EQ(bad_port.error().message, "port 'nope' does not exist (see port.list)");
  auto multicast = h.sw().add_mac(api::MacAddParams{"br0", "01:00:5e:00:00:01", "c", 0});
  ASSERT_FALSE(multicast);
  EXPECT_NE(multicast.error().message.find("multicast"), std::string::npos);
}

TEST_F(BridgeTest, MacFlushAndDel) {
  h.inject("a", {make_frame(kBroadcast, kMacA)});
  h.inject("b", {make_frame(kBroadcast, kMacB)});
  ASSERT_TRUE(h.wait_learned("br0", kMacA));
  ASSERT_TRUE(h.wait_learned("br0", kMacB));
  ASSERT_TRUE(h.sw().del_mac(api::MacDelParams{"br0", kMacA, 0, false}));
  auto missing = h.sw().del_mac(api::MacDelParams{"br0", kMacA, 0, false});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("has no entry"), std::string::npos);
  EXPECT_TRUE(h.sw().del_mac(api::MacDelParams{"br0", kMacA, 0, true}));
  auto flushed = h.sw().flush_macs(api::MacFlushParams{"br0", "", false});
  ASSERT_TRUE(flushed);
  EXPECT_EQ(flushed->count, 1u);
  EXPECT_EQ(h.sw().list_macs({})->total, 0u);
}

TEST(BridgeTableFull, FullTableIsCountedAndFramesStillFlow) {
  SwitchHarness h;
  h.add_bridge("small", 16);
  h.add_port("a", "small");
  h.add_port("b", "small");
  std::vector<Bytes> frames;
  for (int i = 0; i < 40; ++i) {
    frames.push_back(make_frame(kBroadcast, fmt::format("02:00:00:00:01:{:02x}", i)));
  }
  h.inject("a", frames);
  EXPECT_EQ(h.collect("b", 40).size(), 40u) << "a full table never blocks forwarding";
  ASSERT_TRUE(SwitchHarness::wait_until([&] {
    auto s = h.stats("a");
    return s.mac_learned + s.mac_table_full >= 40;
  }));
  auto s = h.stats("a");
  EXPECT_EQ(s.mac_learned, 16u);
  EXPECT_EQ(s.mac_table_full, 24u);
  EXPECT_EQ(h.sw().list_macs({})->total, 16u);
  auto full = h.sw().add_mac(api::MacAddParams{"small", kMacC, "b", 0});
  ASSERT_FALSE(full);
  EXPECT_NE(full.error().message.find("MAC table full"), std::string::npos);
  h.expect_counter_invariants();
}

}  // namespace
}  // namespace nfv::test
