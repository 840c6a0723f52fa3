// Ports and cross-connects: adding and removing under traffic, admin state, errors.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "nfv/api/jsonrpc.h"
#include "nfv/dataplane/rpc_methods.h"
#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

constexpr const char* kBroadcast = "ff:ff:ff:ff:ff:ff";

TEST(Xconnect, EveryFramePassesUnchangedBothWays) {
  SwitchHarness h;
  h.add_port("a");
  h.add_port("b");
  api::PortSetParams pair;
  pair.name = "a";
  pair.xconnect = "b";
  ASSERT_TRUE(h.sw().set_port(pair));
  std::vector<Bytes> ab, ba;
  for (uint8_t i = 0; i < 64; ++i) {
    ab.push_back(make_frame(kBroadcast, "02:00:00:00:00:0a",
                            i % 2 ? std::optional<uint16_t>(i) : std::nullopt, 64 + i * 20, i));
    ba.push_back(make_frame("02:00:00:00:00:0a", "03:00:00:00:00:0b", {}, 1500,
                            i));  // even a multicast source
  }
  h.inject("a", ab);
  h.inject("b", ba);
  EXPECT_TRUE(SameFrames(h.collect("b", ab.size()), ab));
  EXPECT_TRUE(SameFrames(h.collect("a", ba.size()), ba));
  EXPECT_EQ(h.stats("a").forwarded, 64u);
  EXPECT_EQ(h.stats("b").tx_packets, 64u);
  h.expect_counter_invariants();
}

TEST(Xconnect, UnattachedPortDropsWithNoDestination) {
  SwitchHarness h;
  h.add_port("lonely");
  h.inject("lonely", {make_frame(kBroadcast, "02:00:00:00:00:01")});
  h.settle();
  EXPECT_EQ(h.drops("lonely", "no_destination"), 1u);
  h.expect_counter_invariants();
}

TEST(Ports, AdminDownDropsBothWaysWithReason) {
  SwitchHarness h;
  h.add_bridge("br0");
  h.add_port("a", "br0");
  h.add_port("b", "br0");
  api::PortSetParams down;
  down.name = "b";
  down.admin = "down";
  ASSERT_TRUE(h.sw().set_port(down));
  h.inject("a", {make_frame(kBroadcast, "02:00:00:00:00:0a")});
  h.inject("b", {make_frame(kBroadcast, "02:00:00:00:00:0b")});
  h.settle();
  EXPECT_EQ(h.drops("b", "port_down_tx"), 1u);
  EXPECT_EQ(h.drops("b", "port_down_rx"), 1u);
  EXPECT_TRUE(h.drain("b").empty());
  EXPECT_TRUE(h.drain("a").empty());
  h.expect_counter_invariants();
}

TEST(Ports, ErrorsNameTheProblemAndChangeNothing) {
  SwitchHarness h;
  h.add_bridge("br0");
  h.add_port("a", "br0");
  auto before = api::to_wire(h.sw().list_ports());
  api::PortAddParams dup;
  dup.name = "a";
  dup.type = "vhost";
  auto exists = dp::handle_port_add(h.sw(), dup, dp::PortOrigin::kCommandLine);
  ASSERT_FALSE(exists);
  EXPECT_EQ(exists.error().message, "port 'a' already exists");
  EXPECT_EQ(exists.error().code, static_cast<int>(api::ErrorCode::kAlreadyExists));

  api::PortAddParams no_bridge;
  no_bridge.name = "x";
  no_bridge.type = "vhost";
  no_bridge.bridge = "nope";
  auto missing = dp::handle_port_add(h.sw(), no_bridge, dp::PortOrigin::kCommandLine);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "port x: bridge 'nope' does not exist (add it first)");

  api::PortAddParams bad_type;
  bad_type.name = "y";
  bad_type.type = "veth";
  EXPECT_EQ(dp::handle_port_add(h.sw(), bad_type, dp::PortOrigin::kCommandLine).error().message,
            "port y: type 'veth' is not vhost or dpdk");

  api::PortAddParams bad_dev;
  bad_dev.name = "z";
  bad_dev.type = "dpdk";
  bad_dev.devargs = "net_nosuchdriver0";
  auto probe = dp::handle_port_add(h.sw(), bad_dev, dp::PortOrigin::kCommandLine);
  ASSERT_FALSE(probe);
  EXPECT_NE(probe.error().message.find("port z: cannot create DPDK device 'net_nosuchdriver0'"),
            std::string::npos)
      << probe.error().message;

  api::PortAddParams bad_name;
  bad_name.name = "has space";
  bad_name.type = "vhost";
  EXPECT_NE(dp::handle_port_add(h.sw(), bad_name, dp::PortOrigin::kCommandLine)
                .error()
                .message.find("is invalid"),
            std::string::npos);

  auto del = h.sw().del_port(api::NameParams{"ghost", false});
  ASSERT_FALSE(del);
  EXPECT_EQ(del.error().code, static_cast<int>(api::ErrorCode::kNotFound));
  EXPECT_TRUE(h.sw().del_port(api::NameParams{"ghost", true})) << "missing_ok";

  auto bridge_busy = h.sw().del_bridge(api::BridgeDelParams{"br0", false, false});
  ASSERT_FALSE(bridge_busy);
  EXPECT_EQ(bridge_busy.error().message,
            "bridge br0 still has ports (a): detach them or pass force");
  EXPECT_EQ(api::to_wire(h.sw().list_ports()), before);
}

TEST(Ports, EveryApiMethodIsBound) {
  SwitchHarness h;
  rpc::Dispatcher dispatcher(dp::switch_identity());
  dp::register_switch_methods(dispatcher, h.sw());
  EXPECT_TRUE(dispatcher.unbound_methods(api::kAllMethods).empty());
}

TEST(Ports, ExistOkIsIdempotentForTheSameSpecOnly) {
  SwitchHarness h;
  api::PortAddParams vhost;
  vhost.name = "vm1";
  vhost.type = "vhost";
  vhost.exist_ok = true;
  auto first = dp::handle_port_add(h.sw(), vhost, dp::PortOrigin::kCommandLine);
  ASSERT_TRUE(first) << first.error().message;
  auto second = dp::handle_port_add(h.sw(), vhost, dp::PortOrigin::kCommandLine);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(first->index, second->index);
  vhost.queues = 2;
  auto different = dp::handle_port_add(h.sw(), vhost, dp::PortOrigin::kCommandLine);
  ASSERT_FALSE(different);
  EXPECT_EQ(different.error().message, "port 'vm1' already exists with a different configuration");
}

// Ports come and go while two others exchange traffic: the two lose nothing.
TEST(HotChanges, UntouchedPortsLoseNothingWhilePortsComeAndGo) {
  SwitchHarness h;
  h.add_bridge("br0");
  h.add_port("a", "br0");
  h.add_port("b", "br0");
  constexpr const char* kA = "02:00:00:00:00:0a";
  constexpr const char* kB = "02:00:00:00:00:0b";
  // Learn both so traffic between them is unicast (a flood would also reach the new ports).
  h.inject("a", {make_frame(kBroadcast, kA)});
  h.inject("b", {make_frame(kBroadcast, kB)});
  ASSERT_TRUE(h.wait_learned("br0", kA));
  ASSERT_TRUE(h.wait_learned("br0", kB));
  h.settle();
  h.drain("a");
  h.drain("b");

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> sent{0};
  std::vector<Bytes> burst;
  for (int i = 0; i < 32; ++i) burst.push_back(make_frame(kB, kA, {}, 64 + i));
  std::thread traffic([&] {
    while (!stop.load()) {
      h.inject("a", burst);
      sent += burst.size();
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  uint64_t received = 0;
  for (int round = 0; round < 20; ++round) {
    std::string name = "p" + std::to_string(round);
    h.add_port(name, round % 2 ? "br0" : "");
    api::VlanSetParams vlan{"a", api::VlanConfig{"trunk", 0, "", 0}};
    ASSERT_TRUE(h.sw().set_vlan(vlan));  // a change on an untouched port's bridge
    h.remove_port(name);
    received += h.drain("b").size();
  }
  stop = true;
  traffic.join();
  h.settle();
  received += h.drain("b").size();
  EXPECT_GT(sent.load(), 0u);
  EXPECT_EQ(received, sent.load()) << "frames between untouched ports lost during changes";
  EXPECT_EQ(h.stats("a").rx_dropped, 0u);
  EXPECT_EQ(h.stats("b").tx_dropped, 0u);
  h.expect_counter_invariants();
}

}  // namespace
}  // namespace nfv::test
