// A DPDK ethdev port (PCI device on vfio-pci, or a vdev such as net_tap or net_ring):
// probed, configured with one tx queue per PMD, started; stopped, closed and detached on
// destruction, but only if this port probed it (an ethdev created by someone else, such as
// a test's ring port, is borrowed and left as it was found).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "nfv/common/result.h"
#include "nfv/fastpath/pmd.h"

struct rte_mempool;

namespace nfv::dp {

struct EthdevSpec {
  std::string name;     // the switch port's name, for messages
  std::string devargs;  // "0000:3b:02.0", "net_tap0,iface=tap0", or an existing ethdev name
  uint16_t rx_queues = 1;
  uint16_t tx_queues = 1;  // one per PMD; fewer when the device has fewer (then shared)
  uint16_t rx_descriptors = 1024;
  uint16_t tx_descriptors = 1024;
  uint32_t mtu = 1500;  // longer frames are received in chained mbufs when the device can
};

struct DeviceDrops {
  uint64_t rx_missed = 0;
  uint64_t rx_nombuf = 0;
};

// A receive queue's fill at the time of reading (stats time, never per packet).
struct RxQueueDepth {
  uint32_t pending = 0;    // frames waiting to be received; 0 when the driver cannot tell
  uint32_t ring_size = 0;  // descriptors; 0 when not known
};

class EthdevPort {
 public:
  // `pool_for_node` gives the mbuf pool for the device's NUMA node.
  static Result<std::unique_ptr<EthdevPort>> open(
      const EthdevSpec& spec, const std::function<Result<rte_mempool*>(int)>& pool_for_node);
  ~EthdevPort();
  EthdevPort(const EthdevPort&) = delete;
  EthdevPort& operator=(const EthdevPort&) = delete;

  uint16_t port_id() const { return port_id_; }
  int numa() const { return numa_; }
  uint16_t rx_queues() const { return rx_queues_; }
  uint16_t tx_queues() const { return tx_queues_; }
  const std::string& driver() const { return driver_; }
  const std::string& mac() const { return mac_; }
  const TxqLocks* txq_locks() const { return shared_txq_ ? locks_.get() : nullptr; }
  // Whether the device sends chained mbufs (RTE_ETH_TX_OFFLOAD_MULTI_SEGS enabled).
  bool multi_segment_tx() const { return multi_segment_tx_; }
  // The mbuf offload requests (ol_flags) a guest may leave in a frame that no port of this
  // kind finishes: checksums and segmentation are not enabled on the devices.
  static const uint64_t kUnfinishedOffloads;
  bool link_up() const;
  DeviceDrops device_drops() const;
  RxQueueDepth rx_queue_depth(uint16_t queue) const;

 private:
  EthdevPort() = default;
  uint16_t port_id_ = 0;
  int numa_ = -1;
  uint16_t rx_queues_ = 0;
  uint16_t tx_queues_ = 0;
  bool probed_ = false;  // we probed it: we detach it
  bool started_ = false;
  bool shared_txq_ = false;
  bool multi_segment_tx_ = false;
  std::unique_ptr<TxqLocks> locks_;
  std::string driver_;
  std::string mac_;
  std::string devargs_;
};

// "0000:3b:02.0" (or "3b:02.0") is a PCI address.
bool is_pci_address(const std::string& devargs);

}  // namespace nfv::dp
