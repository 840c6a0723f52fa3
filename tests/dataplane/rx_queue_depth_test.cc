// Receive queues' fill in stats.get: a guest (net_virtio_user in this process) queues frames
// in its transmit ring while the switch's only PMD sleeps its longest idle sleep (0.1 s); the
// port's rx queue then reports exactly those frames pending and the ring's negotiated size,
// and nothing pending once the PMD has taken them. Ring ports (net_ring, which tells neither)
// report zeros.
#include <gtest/gtest.h>
#include <rte_bus_vdev.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <memory>
#include <string>
#include <vector>

#include "nfv/dataplane/switch_handlers.h"
#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

constexpr uint32_t kSleepMaxUs = 100000;
constexpr uint16_t kGuestRing = 512;  // not a DPDK default: the size is the negotiated one
constexpr const char* kGuestMac = "02:00:00:00:07:01";

// The guest's NIC: one queue pair of kGuestRing descriptors on `socket`.
struct GuestNic {
  std::string name = "net_virtio_user_depth";
  uint16_t port = 0;
  rte_mempool* pool = nullptr;

  bool open(const std::string& socket) {
    pool = rte_pktmbuf_pool_create("depth_guest_pool", 4095, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
                                   SOCKET_ID_ANY);
    std::string args = "path=" + socket + ",queues=1,queue_size=" + std::to_string(kGuestRing);
    rte_eth_conf conf{};
    return pool != nullptr && rte_vdev_init(name.c_str(), args.c_str()) == 0 &&
           rte_eth_dev_get_port_by_name(name.c_str(), &port) == 0 &&
           rte_eth_dev_configure(port, 1, 1, &conf) == 0 &&
           rte_eth_rx_queue_setup(port, 0, kGuestRing, SOCKET_ID_ANY, nullptr, pool) == 0 &&
           rte_eth_tx_queue_setup(port, 0, kGuestRing, SOCKET_ID_ANY, nullptr) == 0 &&
           rte_eth_dev_start(port) == 0;
  }
  ~GuestNic() {
    rte_eth_dev_stop(port);
    rte_eth_dev_close(port);
    rte_vdev_uninit(name.c_str());
    rte_mempool_free(pool);
  }
  // Queues up to `count` broadcasts in one transmit call; returns how many the ring took.
  uint16_t queue_frames(uint16_t count) {
    Bytes frame = make_frame("ff:ff:ff:ff:ff:ff", kGuestMac);
    std::vector<rte_mbuf*> mbufs;
    for (uint16_t i = 0; i < count; ++i) mbufs.push_back(mbuf_of(pool, frame));
    uint16_t sent = rte_eth_tx_burst(port, 0, mbufs.data(), count);
    for (uint16_t i = sent; i < count; ++i) rte_pktmbuf_free(mbufs[i]);
    return sent;
  }
};

class RxQueueDepth : public ::testing::Test {
 protected:
  void SetUp() override {
    h_.add_bridge("br");
    api::PortAddParams vm;
    vm.name = "vm";
    vm.type = "vhost";
    vm.bridge = "br";
    auto added = dp::handle_port_add(h_.sw(), vm, dp::PortOrigin::kCommandLine);
    ASSERT_TRUE(added) << added.error().message;
    h_.add_port("eth0", "br");
    ASSERT_TRUE(guest_->open(h_.vhost_dir() + "/vm.sock")) << "the guest's virtio-user NIC";
    ASSERT_TRUE(SwitchHarness::wait_until([&] {
      for (const auto& p : h_.sw().list_ports().ports) {
        if (p.name == "vm") return p.link == "up" && !p.enabled_queues.empty();
      }
      return false;
    })) << "the guest did not connect and enable its queues";
  }

  api::RxqStats vm_queue() { return h_.stats("vm").rx_queues.at(0); }
  uint64_t sleeps() { return h_.sw().list_pmds().pmds.at(0).sleeps; }

  // Returns as the idle PMD starts a sleep of kSleepMaxUs: a sleep is counted when it ends,
  // so once the count shows the PMD at its longest, the next count starts the next one.
  bool pmd_starts_longest_sleep() {
    uint64_t to_longest = 1;
    for (uint32_t us = 1; us < kSleepMaxUs; us *= 2) ++to_longest;
    uint64_t target = sleeps() + to_longest + 1;
    return SwitchHarness::wait_until([&] { return sleeps() >= target; }, std::chrono::seconds(10));
  }

  SwitchHarness h_{HarnessOptions{.idle_sleep_max_us = kSleepMaxUs}};
  std::unique_ptr<GuestNic> guest_ = std::make_unique<GuestNic>();
};

TEST_F(RxQueueDepth, IdleQueuesReportTheirRingAndNothingPending) {
  api::RxqStats q = vm_queue();
  EXPECT_EQ(q.ring_size, kGuestRing);
  EXPECT_EQ(q.pending, 0u);
  api::PortStats eth = h_.stats("eth0");
  ASSERT_EQ(eth.rx_queues.size(), 1u);
  EXPECT_EQ(eth.rx_queues[0].ring_size, 0u) << "net_ring does not tell its ring size";
  EXPECT_EQ(eth.rx_queues[0].pending, 0u);
}

TEST_F(RxQueueDepth, PortsWithoutARunningGuestReportZeros) {
  api::PortAddParams lonely;
  lonely.name = "lonely";
  lonely.type = "vhost";
  lonely.bridge = "br";
  auto added = dp::handle_port_add(h_.sw(), lonely, dp::PortOrigin::kCommandLine);
  ASSERT_TRUE(added) << added.error().message;
  api::RxqStats never = h_.stats("lonely").rx_queues.at(0);
  EXPECT_EQ(never.ring_size, 0u) << "no guest ever connected";
  EXPECT_EQ(never.pending, 0u);

  ASSERT_EQ(vm_queue().ring_size, kGuestRing);
  guest_.reset();  // the guest leaves: librte_vhost frees its device and rings
  ASSERT_TRUE(SwitchHarness::wait_until([&] {
    for (const auto& p : h_.sw().list_ports().ports) {
      if (p.name == "vm") return p.link == "down";
    }
    return false;
  })) << "port vm did not go down when its guest left";
  api::RxqStats gone = vm_queue();
  EXPECT_EQ(gone.ring_size, 0u) << "the guest left";
  EXPECT_EQ(gone.pending, 0u);
}

TEST_F(RxQueueDepth, FramesTheGuestQueuedWhileThePmdSleepsArePending) {
  // The PMD may wake between the guest's transmit and the stats read: then try again.
  uint64_t queued_total = 0;
  bool seen = false;
  for (int attempt = 0; attempt < 8 && !seen; ++attempt) {
    ASSERT_TRUE(pmd_starts_longest_sleep()) << "the idle PMD did not back off to its longest";
    uint16_t queued = guest_->queue_frames(kGuestRing);
    queued_total += queued;
    api::RxqStats q = vm_queue();
    if (q.pending == queued) {
      seen = true;
      // One descriptor per frame when the header fits in the mbuf's headroom; two otherwise.
      EXPECT_GE(queued, kGuestRing / 2) << "the guest's ring took few frames";
      EXPECT_EQ(q.ring_size, kGuestRing);
    }
    ASSERT_TRUE(SwitchHarness::wait_until([&] {
      return h_.stats("vm").rx_packets >= queued_total;
    })) << "the switch did not take the guest's frames";
  }
  EXPECT_TRUE(seen) << "stats.get never showed the guest's queued frames as pending";
  EXPECT_EQ(h_.stats("vm").rx_packets, queued_total);
  EXPECT_EQ(vm_queue().pending, 0u) << "every frame was taken: nothing pending";
}

}  // namespace
}  // namespace nfv::test
