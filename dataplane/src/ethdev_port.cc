#include "nfv/dataplane/ethdev_port.h"

#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_ethdev.h>

#include <algorithm>
#include <cctype>

#include "nfv/common/log.h"
#include "nfv/common/strings.h"
#include "nfv/fastpath/snapshot.h"
#include "nfv/host/pci_address.h"

namespace nfv::dp {

const uint64_t EthdevPort::kUnfinishedOffloads = RTE_MBUF_F_TX_L4_MASK | RTE_MBUF_F_TX_IP_CKSUM |
                                                 RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_UDP_SEG |
                                                 RTE_MBUF_F_RX_LRO;

namespace {

// The largest MTU the device accepts: its own limit and its longest receivable frame.
uint32_t device_max_mtu(const rte_eth_dev_info& info) {
  uint32_t by_frame = info.max_rx_pktlen > RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN
                          ? info.max_rx_pktlen - RTE_ETHER_HDR_LEN - RTE_ETHER_CRC_LEN
                          : 0;
  return std::min<uint32_t>(info.max_mtu, by_frame);
}

// The device configuration for `spec`'s MTU: frames longer than one mbuf buffer need
// scattered receive; chained transmit is enabled whenever the device has it (vhost-user
// guests send chains for anything over one buffer).
Result<rte_eth_conf> mtu_conf(const EthdevSpec& spec, const rte_eth_dev_info& info,
                              rte_mempool* pool) {
  uint32_t max_mtu = device_max_mtu(info);
  if (spec.mtu < info.min_mtu || spec.mtu > max_mtu) {
    return make_error("port {}: mtu {} is outside what device {} ({}) supports: [{}, {}]",
                      spec.name, spec.mtu, spec.devargs, info.driver_name ? info.driver_name : "",
                      info.min_mtu, max_mtu);
  }
  rte_eth_conf conf{};
  conf.rxmode.mtu = spec.mtu;
  uint32_t buffer = rte_pktmbuf_data_room_size(pool) - RTE_PKTMBUF_HEADROOM;
  uint32_t frame = max_frame_len_for_mtu(spec.mtu) + RTE_ETHER_CRC_LEN;
  if (frame > buffer) {
    if ((info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER) == 0) {
      return make_error(
          "port {}: mtu {} needs frames over one {}-byte buffer, and device {} cannot receive "
          "into chained buffers: use an mtu of at most {}",
          spec.name, spec.mtu, buffer, spec.devargs, buffer - 18 - RTE_ETHER_CRC_LEN);
    }
    conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
  }
  conf.txmode.offloads |= info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
  return conf;
}

}  // namespace

bool is_pci_address(const std::string& devargs) {
  // [DDDD:]BB:DD.F, optionally followed by ",key=value..."
  std::string_view address(devargs);
  return host::PciAddress::parse(address.substr(0, address.find(','))).ok();
}

Result<std::unique_ptr<EthdevPort>> EthdevPort::open(
    const EthdevSpec& spec, const std::function<Result<rte_mempool*>(int)>& pool_for_node) {
  std::unique_ptr<EthdevPort> port(new EthdevPort());
  port->devargs_ = spec.devargs;
  std::string device_name = spec.devargs.substr(0, spec.devargs.find(','));
  uint16_t port_id = 0;
  if (rte_eth_dev_get_port_by_name(device_name.c_str(), &port_id) != 0) {
    int rc = rte_dev_probe(spec.devargs.c_str());
    if (rc != 0) {
      if (is_pci_address(spec.devargs)) {
        return make_error(
            "port {}: cannot probe PCI device {} ({}): bind it to vfio-pci (nfvctl vf bind, or "
            "dpdk-devbind.py -b vfio-pci {}), and give it to nfv-switch at start-up with "
            "--port so EAL allows it",
            spec.name, device_name, rte_strerror(-rc), device_name);
      }
      return make_error("port {}: cannot create DPDK device '{}' ({}); check the devargs",
                        spec.name, spec.devargs, rte_strerror(-rc));
    }
    port->probed_ = true;
    if (rte_eth_dev_get_port_by_name(device_name.c_str(), &port_id) != 0) {
      return make_error("port {}: device '{}' was probed but is not an ethdev", spec.name,
                        device_name);
    }
  }
  port->port_id_ = port_id;
  int numa = rte_eth_dev_socket_id(port_id);
  port->numa_ = numa < 0 ? -1 : numa;

  rte_eth_dev_info info{};
  if (int rc = rte_eth_dev_info_get(port_id, &info); rc != 0) {
    return make_error("port {}: cannot read device info ({})", spec.name, rte_strerror(-rc));
  }
  port->driver_ = info.driver_name ? info.driver_name : "";
  if (spec.rx_queues > info.max_rx_queues) {
    return make_error("port {}: {} rx queues asked, device {} has at most {}", spec.name,
                      spec.rx_queues, device_name, info.max_rx_queues);
  }
  port->rx_queues_ = spec.rx_queues;
  port->tx_queues_ = std::min<uint16_t>(spec.tx_queues, info.max_tx_queues);
  port->shared_txq_ = port->tx_queues_ < spec.tx_queues;
  if (port->shared_txq_) {
    port->locks_ = std::make_unique<TxqLocks>();
    for (auto& lock : port->locks_->locks) rte_spinlock_init(&lock);
    log::warning("port {}: device has {} tx queues for {} PMDs: PMDs share queues under a lock",
                 spec.name, port->tx_queues_, spec.tx_queues);
  }

  auto pool = pool_for_node(port->numa_);
  if (!pool) return make_error("port {}: {}", spec.name, pool.error().message);
  auto configured = mtu_conf(spec, info, *pool);
  if (!configured) return std::move(configured).error();
  rte_eth_conf conf = *configured;
  port->multi_segment_tx_ = (conf.txmode.offloads & RTE_ETH_TX_OFFLOAD_MULTI_SEGS) != 0;
  if (port->rx_queues_ > 1) {
    conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
    conf.rx_adv_conf.rss_conf.rss_hf =
        info.flow_type_rss_offloads & (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP);
  }
  if (int rc = rte_eth_dev_configure(port_id, port->rx_queues_, port->tx_queues_, &conf); rc != 0) {
    return make_error("port {}: cannot configure {} rx / {} tx queues ({})", spec.name,
                      port->rx_queues_, port->tx_queues_, rte_strerror(-rc));
  }
  uint16_t rx_desc = spec.rx_descriptors;
  uint16_t tx_desc = spec.tx_descriptors;
  rte_eth_dev_adjust_nb_rx_tx_desc(port_id, &rx_desc, &tx_desc);
  unsigned socket = port->numa_ < 0 ? SOCKET_ID_ANY : static_cast<unsigned>(port->numa_);
  for (uint16_t q = 0; q < port->rx_queues_; ++q) {
    if (int rc = rte_eth_rx_queue_setup(port_id, q, rx_desc, socket, nullptr, *pool); rc != 0) {
      return make_error("port {}: rx queue {} setup failed ({})", spec.name, q, rte_strerror(-rc));
    }
  }
  for (uint16_t q = 0; q < port->tx_queues_; ++q) {
    if (int rc = rte_eth_tx_queue_setup(port_id, q, tx_desc, socket, nullptr); rc != 0) {
      return make_error("port {}: tx queue {} setup failed ({})", spec.name, q, rte_strerror(-rc));
    }
  }
  if (int rc = rte_eth_dev_start(port_id); rc != 0) {
    return make_error("port {}: cannot start the device ({})", spec.name, rte_strerror(-rc));
  }
  port->started_ = true;
  rte_eth_promiscuous_enable(port_id);  // a switch port receives every destination
  rte_ether_addr addr{};
  if (rte_eth_macaddr_get(port_id, &addr) == 0) {
    MacAddress mac{};
    std::copy(std::begin(addr.addr_bytes), std::end(addr.addr_bytes), mac.begin());
    port->mac_ = format_mac(mac);
  }
  return port;
}

EthdevPort::~EthdevPort() {
  if (started_) rte_eth_dev_stop(port_id_);
  if (probed_) {
    rte_eth_dev_info info{};
    rte_device* device = nullptr;
    if (rte_eth_dev_info_get(port_id_, &info) == 0) device = info.device;
    rte_eth_dev_close(port_id_);
    if (device != nullptr && rte_dev_remove(device) != 0) {
      log::warning("device {}: detach failed; it stays probed until nfv-switch exits", devargs_);
    }
  }
}

bool EthdevPort::link_up() const {
  rte_eth_link link{};
  if (rte_eth_link_get_nowait(port_id_, &link) != 0) return false;
  return link.link_status == RTE_ETH_LINK_UP;
}

DeviceDrops EthdevPort::device_drops() const {
  rte_eth_stats stats{};
  if (rte_eth_stats_get(port_id_, &stats) != 0) return {};
  return DeviceDrops{stats.imissed, stats.rx_nombuf};
}

// Both are optional driver operations: without them the queue reports zeros. The count reads
// the ring's descriptors while the PMD may be receiving: a snapshot, read on the control thread.
RxQueueDepth EthdevPort::rx_queue_depth(uint16_t queue) const {
  RxQueueDepth depth;
  if (!started_ || queue >= rx_queues_) return depth;
  int pending = rte_eth_rx_queue_count(port_id_, queue);
  if (pending > 0) depth.pending = static_cast<uint32_t>(pending);
  rte_eth_rxq_info info{};
  if (rte_eth_rx_queue_info_get(port_id_, queue, &info) == 0) {
    depth.ring_size = info.nb_desc;
    depth.pending = std::min<uint32_t>(depth.pending, info.nb_desc);  // a driver's count, bounded
  }
  return depth;
}

}  // namespace nfv::dp
