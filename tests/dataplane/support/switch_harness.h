// A real Switch (PMD threads, FDB service, snapshots) in the test process, with net_ring
// ethdev ports the test feeds and drains directly: exact, fast and deterministic checks of
// forwarding, learning, VLANs and counters.
#pragma once

#include <gtest/gtest.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nfv/api/switch_api.h"
#include "nfv/dataplane/switch.h"
#include "nfv/dataplane/switch_handlers.h"

namespace nfv::test {

using Bytes = std::vector<uint8_t>;

// An Ethernet frame: dst, src, optional 802.1Q tag, EtherType 0x88b5 (local experimental),
// a payload of `length - header` bytes starting with `tag_byte`.
Bytes make_frame(const std::string& dst, const std::string& src,
                 std::optional<uint16_t> vlan = std::nullopt, size_t length = 64,
                 uint8_t tag_byte = 0);
// The VLAN of a tagged frame, or nullopt.
std::optional<uint16_t> frame_vlan(const Bytes& frame);

// A frame copied into an mbuf of `pool`, chained over as many mbufs as it needs (nullptr when
// the pool is exhausted); and the bytes of a (possibly chained) mbuf.
rte_mbuf* mbuf_of(rte_mempool* pool, const Bytes& frame);
Bytes bytes_of(const rte_mbuf* m);

struct RingPort {
  std::string name;
  uint16_t eth_port = 0;
  std::vector<rte_ring*> to_switch;  // one per rx queue
  rte_ring* from_switch = nullptr;   // every tx queue enqueues here
};

struct HarnessOptions {
  size_t pmds = 1;
  uint32_t mac_table_size = 1024;
  uint32_t mac_ageing_s = 300;
  uint32_t idle_sleep_max_us = 100;
};

class SwitchHarness {
 public:
  explicit SwitchHarness(const HarnessOptions& options = {});
  ~SwitchHarness();

  dp::Switch& sw() { return *switch_; }
  const RingPort& port(const std::string& name) const { return ports_.at(name); }

  // A ring port added to the switch (optionally in `bridge` with `vlan` and port security).
  RingPort& add_port(const std::string& name, const std::string& bridge = "",
                     std::optional<api::VlanConfig> vlan = std::nullopt, uint16_t queues = 1,
                     std::optional<api::PortSecurityConfig> security = std::nullopt);
  // A ring port added with `params` (name, bridge, vlan, mtu, queues...; type and devargs
  // are filled in).
  RingPort& add_port(api::PortAddParams params);
  void add_bridge(const std::string& name, std::optional<uint32_t> mac_table_size = {},
                  std::optional<uint32_t> mac_limit = {});
  // Removes the port from the switch and destroys its rings.
  void remove_port(const std::string& name);

  void inject(const std::string& port, const std::vector<Bytes>& frames, uint16_t queue = 0);
  // Waits until `port` has transmitted at least `count` frames (or the deadline passes) and
  // returns every frame it transmitted.
  std::vector<Bytes> collect(const std::string& port, size_t count,
                             std::chrono::milliseconds deadline = std::chrono::seconds(10));
  // Frames transmitted so far, without waiting.
  std::vector<Bytes> drain(const std::string& port);
  // Waits until every injected frame has been accounted for by the switch
  // (sum of rx_packets == injected) so "nothing arrived" can be asserted without sleeping.
  void settle(std::chrono::milliseconds deadline = std::chrono::seconds(10));

  api::PortStats stats(const std::string& port);
  uint64_t drops(const std::string& port, const std::string& reason);
  // Waits until the MAC table holds `mac` (the FDB service learns asynchronously).
  bool wait_learned(const std::string& bridge, const std::string& mac, uint16_t vlan = 0,
                    std::chrono::milliseconds deadline = std::chrono::seconds(5));
  // counters_consistent() for every port.
  void expect_counter_invariants();

  // The mbufs the test's injection pool lends out now.
  unsigned injected_mbufs_in_use() const;
  // The directory of the switch's vhost-user sockets (<dir>/<port>.sock).
  const std::string& vhost_dir() const { return dir_; }

  static bool wait_until(const std::function<bool()>& condition,
                         std::chrono::milliseconds deadline = std::chrono::seconds(5));

 private:
  std::unique_ptr<dp::Switch> switch_;
  std::map<std::string, RingPort> ports_;
  rte_mempool* pool_ = nullptr;
  std::string dir_;
  uint64_t injected_ = 0;
  std::map<std::string, uint64_t> removed_rx_;  // rx of removed ports, for settle()
};

}  // namespace nfv::test

namespace nfv::test {
// One port's invariants: rx_packets == forwarded + rx_dropped, tx_attempts == tx_packets +
// tx_dropped, and rx_dropped/tx_dropped are the sums of their drop reasons.
::testing::AssertionResult counters_consistent(const api::PortStats& stats);
// Compact comparison of frame lists: counts, then the first differing frame in hex.
::testing::AssertionResult SameFrames(const std::vector<Bytes>& actual,
                                      const std::vector<Bytes>& expected);
}  // namespace nfv::test
