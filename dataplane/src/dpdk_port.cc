#include "nfv/dataplane/dpdk_port.h"

#include "api_error.h"
#include "nfv/common/log.h"

namespace nfv::dp {

Result<std::unique_ptr<DpdkPort>> DpdkPort::open(PortSpec spec, uint16_t index,
                                                 const DpdkPortResources& resources) {
  std::unique_ptr<DpdkPort> port(new DpdkPort(std::move(spec), index));
  EthdevSpec device;
  device.name = port->name();
  device.devargs = port->spec().dpdk.devargs;
  device.rx_queues = port->queues();
  device.tx_queues = resources.tx_queues;
  device.rx_descriptors = resources.rx_descriptors;
  device.tx_descriptors = resources.tx_descriptors;
  device.mtu = port->spec().mtu;
  auto opened = EthdevPort::open(device, resources.pool_for_node);
  if (!opened) {
    return api_error(api::ErrorCode::kFailed, opened.error().message);
  }
  port->device_ = std::move(opened).value();
  port->link_up_ = port->device_->link_up();
  return port;
}

bool DpdkPort::poll_link() {
  bool up = device_->link_up();
  if (up == link_up_) return false;
  link_up_ = up;
  log::info("port {}: link {}", name(), up ? "up" : "down");
  return true;
}

void DpdkPort::fill_model(PortModel& m) const {
  PortRuntime& r = m.runtime;
  r.eth_port = device_->port_id();
  r.n_txq = device_->tx_queues();
  r.txq_locks = device_->txq_locks();
  r.link_up = link_up_;
  r.max_segs = device_->multi_segment_tx() ? UINT16_MAX : 1;
  r.unfinished_offloads = EthdevPort::kUnfinishedOffloads;
}

void DpdkPort::fill_info(api::PortInfo& info) const {
  info.link = link_up_ ? "up" : "down";
  info.tx_queues = device_->tx_queues();
  info.devargs = spec().dpdk.devargs;
  info.driver = device_->driver();
  info.mac = device_->mac();
}

}  // namespace nfv::dp
