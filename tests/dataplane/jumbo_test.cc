// Jumbo frames between vhost-user and ethdev ports: a guest (net_virtio_user in this
// process, against the switch's vhost-user socket) and net_ring ports, which pass mbuf
// chains through unchanged. Frames arrive whole, byte for byte; what a port's MTU does not
// allow is dropped as mtu_exceeded; no mbuf is lost on the way.
#include <gtest/gtest.h>
#include <rte_bus_vdev.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nfv/dataplane/port_spec.h"
#include "nfv/dataplane/switch_handlers.h"
#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

constexpr const char* kGuestMac = "02:00:00:00:01:01";
constexpr const char* kHostMac = "02:00:00:00:02:02";
constexpr uint16_t kVlan = 10;

// A guest NIC: net_virtio_user on the switch port's socket, jumbo MTU, chained transmit.
class VirtioGuest {
 public:
  VirtioGuest(const std::string& socket, bool tcp_checksum_offload) {
    static int instance = 0;
    std::string suffix = std::to_string(instance++);
    name_ = "net_virtio_user_jumbo" + suffix;
    pool_ = rte_pktmbuf_pool_create(("guest_pool" + suffix).c_str(), 4095, 0, 0,
                                    RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
    EXPECT_NE(pool_, nullptr);
    std::string args = "path=" + socket + ",queues=1,mrg_rxbuf=1";
    EXPECT_EQ(rte_vdev_init(name_.c_str(), args.c_str()), 0) << name_ << " " << args;
    EXPECT_EQ(rte_eth_dev_get_port_by_name(name_.c_str(), &port_), 0);
    rte_eth_conf conf{};
    conf.rxmode.mtu = 9200;  // above the switch's limits: the switch decides what passes
    conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;  // receive into mbuf chains
    conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
    if (tcp_checksum_offload) conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
    EXPECT_EQ(rte_eth_dev_configure(port_, 1, 1, &conf), 0);
    EXPECT_EQ(rte_eth_rx_queue_setup(port_, 0, 256, SOCKET_ID_ANY, nullptr, pool_), 0);
    EXPECT_EQ(rte_eth_tx_queue_setup(port_, 0, 256, SOCKET_ID_ANY, nullptr), 0);
    EXPECT_EQ(rte_eth_dev_start(port_), 0);
  }
  ~VirtioGuest() {
    rte_eth_dev_stop(port_);
    rte_eth_dev_close(port_);
    rte_vdev_uninit(name_.c_str());
    rte_mempool_free(pool_);
  }
  VirtioGuest(const VirtioGuest&) = delete;
  VirtioGuest& operator=(const VirtioGuest&) = delete;

  // `ol_flags` asks the guest's NIC for offloads (headers: Ethernet, IPv4 without options).
  void send(const std::vector<Bytes>& frames, uint64_t ol_flags = 0) {
    for (const Bytes& frame : frames) {
      rte_mbuf* m = mbuf_of(pool_, frame);
      ASSERT_NE(m, nullptr) << "guest mempool exhausted";
      m->ol_flags |= ol_flags;
      m->l2_len = 14;
      m->l3_len = 20;
      bool sent = SwitchHarness::wait_until([&] { return rte_eth_tx_burst(port_, 0, &m, 1) == 1; });
      ASSERT_TRUE(sent) << "the guest's tx ring stayed full";
    }
  }
  // Every frame received until `count` arrived or the deadline passed.
  std::vector<Bytes> receive(size_t count) {
    std::vector<Bytes> frames;
    SwitchHarness::wait_until([&] {
      rte_mbuf* pkts[32];
      uint16_t n = rte_eth_rx_burst(port_, 0, pkts, 32);
      for (uint16_t i = 0; i < n; ++i) {
        frames.push_back(bytes_of(pkts[i]));
        rte_pktmbuf_free(pkts[i]);
      }
      return frames.size() >= count;
    });
    return frames;
  }

 private:
  std::string name_;
  uint16_t port_ = 0;
  rte_mempool* pool_ = nullptr;
};

// The switch's pool: vhost receive allocates the chains from it, drops give them back.
unsigned switch_mbufs_in_use() {
  rte_mempool* pool = rte_mempool_lookup("mbufs_node0");
  EXPECT_NE(pool, nullptr) << "the switch's mempool is not named mbufs_node0 any more";
  return pool != nullptr ? rte_mempool_in_use_count(pool) : 0;
}

// A bridge with the guest's port "vm" (vhost, default MTU), "eth9k" (MTU 9000) and
// "eth1500" (dpdk default MTU), the guest connected and its queues enabled.
class JumboTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h_.add_bridge("br");
    api::PortAddParams vm;
    vm.name = "vm";
    vm.type = "vhost";
    vm.bridge = "br";
    vm.vhost = api::VhostConfig{};
    vm.vhost->offloads = offloads_;
    auto added = dp::handle_port_add(h_.sw(), vm, dp::PortOrigin::kCommandLine);
    ASSERT_TRUE(added) << added.error().message;
    api::PortAddParams eth9k;
    eth9k.name = "eth9k";
    eth9k.bridge = "br";
    eth9k.mtu = 9000;
    h_.add_port(eth9k);
    h_.add_port("eth1500", "br");
    guest_ = std::make_unique<VirtioGuest>(h_.vhost_dir() + "/vm.sock", offloads_);
    bool ready = SwitchHarness::wait_until([&] {
      for (const auto& p : h_.sw().list_ports().ports) {
        if (p.name == "vm") return p.link == "up" && !p.enabled_queues.empty();
      }
      return false;
    });
    ASSERT_TRUE(ready) << "the guest did not connect and enable its queues";
    idle_switch_ = switch_mbufs_in_use();
    idle_injected_ = h_.injected_mbufs_in_use();
  }

  // After the traffic: counters add up and every mbuf the switch handled is back in its pool
  // (the guest's own pool is not checked: its driver reclaims sent mbufs lazily).
  void expect_no_leak() {
    h_.expect_counter_invariants();
    EXPECT_TRUE(SwitchHarness::wait_until([&] {
      return switch_mbufs_in_use() == idle_switch_ && h_.injected_mbufs_in_use() == idle_injected_;
    })) << "mbufs in use: switch "
        << switch_mbufs_in_use() << " (idle " << idle_switch_ << "), injection "
        << h_.injected_mbufs_in_use() << " (idle " << idle_injected_ << ")";
  }

  bool offloads_ = false;  // vhost offloads offered, and the guest asks for TCP checksums
  SwitchHarness h_;
  std::unique_ptr<VirtioGuest> guest_;
  unsigned idle_switch_ = 0;
  unsigned idle_injected_ = 0;
};

TEST_F(JumboTest, PortsShowTheirMtu) {
  std::map<std::string, uint32_t> mtu;
  for (const auto& p : h_.sw().list_ports().ports) mtu[p.name] = p.mtu;
  EXPECT_EQ(mtu["vm"], 9000u);  // vhost default
  EXPECT_EQ(mtu["eth9k"], 9000u);
  EXPECT_EQ(mtu["eth1500"], 1500u);  // dpdk default
}

TEST_F(JumboTest, GuestJumboFramesReachTheEthdevWhole) {
  // 9000 bytes in, five chained mbufs on the way; the tagged frame carries exactly 9000
  // bytes of payload: the largest the MTU allows.
  std::vector<Bytes> frames = {make_frame(kHostMac, kGuestMac, {}, 9000, 1),
                               make_frame(kHostMac, kGuestMac, kVlan, 9000 + 18, 2)};
  guest_->send(frames);
  EXPECT_TRUE(SameFrames(h_.collect("eth9k", frames.size()), frames));
  h_.settle();
  EXPECT_TRUE(h_.drain("eth1500").empty());
  EXPECT_EQ(h_.drops("eth1500", "mtu_exceeded"), 2u);
  EXPECT_EQ(h_.stats("eth9k").tx_packets, 2u);
  EXPECT_EQ(h_.stats("eth9k").tx_bytes, 9000u + 9018u);
  expect_no_leak();
}

TEST_F(JumboTest, EthdevJumboFramesReachTheGuestWhole) {
  std::vector<Bytes> frames = {make_frame(kGuestMac, kHostMac, {}, 9000, 3),
                               make_frame(kGuestMac, kHostMac, kVlan, 9000 + 18, 4)};
  h_.inject("eth9k", frames);
  EXPECT_TRUE(SameFrames(guest_->receive(frames.size()), frames));
  h_.settle();
  EXPECT_EQ(h_.stats("vm").tx_packets, 2u);
  EXPECT_EQ(h_.drops("eth1500", "mtu_exceeded"), 2u);
  expect_no_leak();
}

TEST_F(JumboTest, FramesOfExactlyTheMtuPassAndLongerOnesAreDropped) {
  // Towards eth1500: a 1500-byte payload passes, untagged and tagged; one byte more does not.
  std::vector<Bytes> fit = {make_frame(kHostMac, kGuestMac, {}, 1500 + 14, 5),
                            make_frame(kHostMac, kGuestMac, kVlan, 1500 + 18, 6)};
  std::vector<Bytes> too_long = {make_frame(kHostMac, kGuestMac, kVlan, 1500 + 19, 7),
                                 make_frame(kHostMac, kGuestMac, kVlan, 9000 + 19, 8)};
  guest_->send(fit);
  guest_->send(too_long);
  std::vector<Bytes> to_9k = {fit[0], fit[1], too_long[0]};
  EXPECT_TRUE(SameFrames(h_.collect("eth9k", to_9k.size()), to_9k));
  EXPECT_TRUE(SameFrames(h_.collect("eth1500", fit.size()), fit));
  h_.settle();
  EXPECT_TRUE(h_.drain("eth9k").empty());
  EXPECT_TRUE(h_.drain("eth1500").empty());
  EXPECT_EQ(h_.drops("eth1500", "mtu_exceeded"), 2u);
  EXPECT_EQ(h_.drops("eth9k", "mtu_exceeded"), 1u);
  // And towards the guest (vhost default MTU 9000).
  h_.inject("eth9k", {make_frame(kGuestMac, kHostMac, kVlan, 9000 + 19, 9),
                      make_frame(kGuestMac, kHostMac, kVlan, 9000 + 18, 10)});
  auto received = guest_->receive(1);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].size(), 9018u);
  h_.settle();
  EXPECT_EQ(h_.drops("vm", "mtu_exceeded"), 1u);
  expect_no_leak();
}

// An IPv4/TCP frame whose TCP checksum holds only the pseudo-header sum, as a guest leaves it
// for the NIC to finish.
Bytes tcp_frame(size_t length) {
  Bytes f = make_frame(kHostMac, kGuestMac, {}, length, 0);
  f[12] = 0x08;
  f[13] = 0x00;
  const uint16_t ip_length = static_cast<uint16_t>(length - 14);
  const uint8_t ip[20] = {0x45,
                          0,
                          static_cast<uint8_t>(ip_length >> 8),
                          static_cast<uint8_t>(ip_length & 0xff),
                          0,
                          0,
                          0x40,
                          0,
                          64,
                          6,
                          0,
                          0,
                          10,
                          0,
                          0,
                          1,
                          10,
                          0,
                          0,
                          2};
  std::copy(std::begin(ip), std::end(ip), f.begin() + 14);
  f[14 + 20 + 12] = 0x50;  // TCP data offset: 20 bytes
  return f;
}

class OffloadTest : public JumboTest {
 protected:
  OffloadTest() { offloads_ = true; }
};

TEST_F(OffloadTest, UnfinishedChecksumsAreDroppedTowardsEthdevPorts) {
  guest_->send({tcp_frame(1000)}, RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_TCP_CKSUM);
  guest_->send({make_frame(kHostMac, kGuestMac, {}, 1000, 1)});  // no offload asked: passes
  EXPECT_EQ(h_.collect("eth9k", 1).size(), 1u);
  EXPECT_EQ(h_.collect("eth1500", 1).size(), 1u);
  h_.settle();
  EXPECT_TRUE(h_.drain("eth9k").empty());
  EXPECT_TRUE(h_.drain("eth1500").empty());
  EXPECT_EQ(h_.drops("eth9k", "offload_unfinished"), 1u);
  EXPECT_EQ(h_.drops("eth1500", "offload_unfinished"), 1u);
  expect_no_leak();
}

TEST(JumboPortSpec, MtuOutOfRangeIsRefused) {
  api::PortAddParams p;
  p.name = "p";
  p.type = "vhost";
  p.mtu = 40;
  auto spec = dp::make_port_spec(p, {});
  ASSERT_FALSE(spec);
  EXPECT_NE(spec.error().message.find("mtu 40"), std::string::npos) << spec.error().message;
  p.mtu = 70000;
  EXPECT_FALSE(dp::make_port_spec(p, {}));
  p.mtu = std::nullopt;
  p.type = "dpdk";
  p.devargs = "net_ring0";
  auto dpdk = dp::make_port_spec(p, {});
  ASSERT_TRUE(dpdk);
  EXPECT_EQ(dpdk->mtu, 1500u);
}

TEST(JumboPorts, AnMtuTheDeviceCannotCarryIsRefused) {
  SwitchHarness h;
  h.add_port("small");
  api::PortAddParams p;
  p.name = "big";
  p.type = "dpdk";
  p.mtu = 65517;
  p.devargs = "net_tap_jumbo0,iface=nfvjumbo0";  // net_tap: frames up to 1522 bytes
  auto added = dp::handle_port_add(h.sw(), p, dp::PortOrigin::kCommandLine);
  ASSERT_FALSE(added);
  if (added.error().message.find("cannot create DPDK device") != std::string::npos) {
    GTEST_SKIP() << "no TAP device here: " << added.error().message;
  }
  EXPECT_NE(added.error().message.find("mtu 65517"), std::string::npos) << added.error().message;
}

}  // namespace
}  // namespace nfv::test
