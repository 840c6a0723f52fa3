// One net_virtio_user port (the guest's NIC): configured with the queue pairs the guest
// enables, started, stopped and closed by RAII. The mbuf pool all ports share.
#pragma once

#include <rte_mempool.h>

#include <cstdint>
#include <memory>
#include <string>

#include "nfv/common/result.h"
#include "nfv/common/strings.h"
#include "nfv/traffic/options.h"

namespace nfv::traffic {

struct MempoolDeleter {
  void operator()(rte_mempool* pool) const;
};
using MempoolPtr = std::unique_ptr<rte_mempool, MempoolDeleter>;

// Sized for every ring of every port, plus bursts in flight (or `options.mbufs`).
Result<MempoolPtr> create_mbuf_pool(const Options& options);
// The largest frame one mbuf of `pool` holds (frames are never chained on transmit).
uint32_t max_frame_size(const rte_mempool* pool);

class VirtioPort {
 public:
  // Finds the vdev EAL probed for port `index`, configures option.enabled_queues() queue
  // pairs and starts it.
  static Result<std::unique_ptr<VirtioPort>> open(uint16_t index, const PortOption& option,
                                                  rte_mempool* pool);
  ~VirtioPort();
  VirtioPort(const VirtioPort&) = delete;
  VirtioPort& operator=(const VirtioPort&) = delete;

  uint16_t index() const { return index_; }
  uint16_t id() const { return id_; }
  uint16_t queues() const { return queues_; }  // enabled (configured) queue pairs
  const PortOption& option() const { return option_; }
  const MacAddress& mac() const { return mac_; }
  std::string name() const;
  // Non-blocking: whether the vhost-user side is connected and the device is up.
  bool link_up() const;
  uint64_t rx_nombuf() const;

 private:
  VirtioPort(uint16_t index, uint16_t id, const PortOption& option)
      : index_(index), id_(id), option_(option), queues_(option.enabled_queues()) {}

  uint16_t index_;
  uint16_t id_;
  PortOption option_;
  uint16_t queues_;
  MacAddress mac_{};
  bool started_ = false;
};

}  // namespace nfv::traffic
