// A DPDK ethdev port (wire type "dpdk"): a PCI device on vfio-pci or a vdev, opened with
// one tx queue per PMD; its link is polled by the switch's housekeeping.
#pragma once

#include <functional>
#include <memory>

#include "nfv/dataplane/ethdev_port.h"
#include "nfv/dataplane/port.h"

namespace nfv::dp {

struct DpdkPortResources {
  uint16_t tx_queues = 1;  // one per PMD
  uint16_t rx_descriptors = 1024;
  uint16_t tx_descriptors = 1024;
  std::function<Result<rte_mempool*>(int)> pool_for_node;
};

class DpdkPort final : public Port {
 public:
  static Result<std::unique_ptr<DpdkPort>> open(PortSpec spec, uint16_t index,
                                                const DpdkPortResources& resources);

  int numa() const override { return device_->numa(); }
  DeviceDrops device_drops() const override { return device_->device_drops(); }
  RxQueueDepth rx_queue_depth(uint16_t queue) const override {
    return device_->rx_queue_depth(queue);
  }
  bool poll_link() override;

 protected:
  void fill_model(PortModel& model) const override;
  void fill_info(api::PortInfo& info) const override;

 private:
  using Port::Port;
  std::unique_ptr<EthdevPort> device_;
  bool link_up_ = false;
};

}  // namespace nfv::dp
