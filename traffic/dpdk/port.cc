#include "port.h"

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <algorithm>

namespace nfv::traffic {
namespace {
constexpr uint16_t kDefaultRing = 256;
}

void MempoolDeleter::operator()(rte_mempool* pool) const { rte_mempool_free(pool); }

Result<MempoolPtr> create_mbuf_pool(const Options& options) {
  uint32_t count = options.mbufs;
  if (count == 0) {
    uint32_t rings = 0;
    for (const PortOption& port : options.ports) {
      rings += 2u * port.enabled_queues() * (port.ring_size ? port.ring_size : kDefaultRing);
    }
    // Rings full in both directions, plus bursts being built, pending, captured or forwarded.
    count = std::max<uint32_t>(8191, rings + 4096);
  }
  rte_mempool* pool = rte_pktmbuf_pool_create("nfv_traffic", count, 256, 0,
                                              RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
  if (pool == nullptr) {
    return make_error(
        "cannot create a pool of {} mbufs ({} MB): {}; raise --memory (now {} MB) "
        "or lower --mbufs",
        count, uint64_t{count} * RTE_MBUF_DEFAULT_BUF_SIZE >> 20, rte_strerror(rte_errno),
        options.memory_mb);
  }
  return MempoolPtr(pool);
}

uint32_t max_frame_size(const rte_mempool* pool) {
  return rte_pktmbuf_data_room_size(const_cast<rte_mempool*>(pool)) - RTE_PKTMBUF_HEADROOM;
}

Result<std::unique_ptr<VirtioPort>> VirtioPort::open(uint16_t index, const PortOption& option,
                                                     rte_mempool* pool) {
  std::string vdev = virtio_user_name(index);
  uint16_t id = 0;
  if (rte_eth_dev_get_port_by_name(vdev.c_str(), &id) != 0) {
    return make_error(
        "port {} ({}): DPDK did not create {}; see the virtio_user messages in the "
        "log",
        index, option.socket, vdev);
  }
  std::unique_ptr<VirtioPort> port(new VirtioPort(index, id, option));
  rte_eth_dev_info info{};
  if (int rc = rte_eth_dev_info_get(id, &info); rc != 0) {
    return make_error("port {} ({}): cannot read device info: {}", index, option.socket,
                      rte_strerror(-rc));
  }
  if (port->queues_ > info.max_rx_queues || port->queues_ > info.max_tx_queues) {
    return make_error("port {} ({}): enable={} but the device offers {} queue pairs", index,
                      option.socket, port->queues_, info.max_rx_queues);
  }
  rte_eth_conf conf{};
  // A server-mode port must notice at once that its switch went away, to listen for the
  // next one: with link-state interrupts virtio-user watches the connection itself (without
  // them it notices only when asked for the link, and DPDK 22.11 then mishandles the
  // reconnection's interrupt source).
  if (option.server && info.dev_flags != nullptr && (*info.dev_flags & RTE_ETH_DEV_INTR_LSC)) {
    conf.intr_conf.lsc = 1;
  }
  if (int rc = rte_eth_dev_configure(id, port->queues_, port->queues_, &conf); rc != 0) {
    return make_error("port {} ({}): configuring {} queue pairs failed: {}", index, option.socket,
                      port->queues_, rte_strerror(-rc));
  }
  uint16_t ring = option.ring_size ? option.ring_size : kDefaultRing;
  int socket = rte_eth_dev_socket_id(id);
  for (uint16_t q = 0; q < port->queues_; ++q) {
    int rc = rte_eth_rx_queue_setup(id, q, ring, socket, nullptr, pool);
    if (rc == 0) rc = rte_eth_tx_queue_setup(id, q, ring, socket, nullptr);
    if (rc != 0) {
      return make_error("port {} ({}): setting up queue {} failed: {}", index, option.socket, q,
                        rte_strerror(-rc));
    }
  }
  if (int rc = rte_eth_dev_start(id); rc != 0) {
    return make_error("port {} ({}): start failed: {}", index, option.socket, rte_strerror(-rc));
  }
  port->started_ = true;
  rte_ether_addr mac{};
  rte_eth_macaddr_get(id, &mac);
  std::copy(std::begin(mac.addr_bytes), std::end(mac.addr_bytes), port->mac_.begin());
  return port;
}

VirtioPort::~VirtioPort() {
  if (started_) rte_eth_dev_stop(id_);
  rte_eth_dev_close(id_);
}

std::string VirtioPort::name() const { return virtio_user_name(index_); }

bool VirtioPort::link_up() const {
  rte_eth_link link{};
  if (rte_eth_link_get_nowait(id_, &link) != 0) return false;
  return link.link_status == RTE_ETH_LINK_UP;
}

uint64_t VirtioPort::rx_nombuf() const {
  rte_eth_stats stats{};
  if (rte_eth_stats_get(id_, &stats) != 0) return 0;
  return stats.rx_nombuf;
}

}  // namespace nfv::traffic
