#include "nfv/dataplane/port.h"

#include <rte_cycles.h>

#include "nfv/dataplane/port_security_settings.h"
#include "nfv/dataplane/port_stats.h"

namespace nfv::dp {

Port::Port(PortSpec spec, uint16_t index)
    : spec_(std::move(spec)),
      index_(index),
      tx_retries_(spec_.tx_retries),
      vlan_(spec_.vlan),
      learning_(spec_.learning),
      rates_(spec_.rates),
      security_(spec_.security) {}

void Port::attach_to_bridge(uint16_t bridge) {
  attachment_ = Attachment::kBridge;
  bridge_ = bridge;
  peer_ = kNoPort;
}

void Port::attach_to_peer(uint16_t peer) {
  attachment_ = Attachment::kXconnect;
  peer_ = peer;
}

void Port::detach() {
  attachment_ = Attachment::kNone;
  peer_ = kNoPort;
}

void Port::take_baseline(const CounterSource& counters) {
  baseline_.counters = counters.port(index_);
  baseline_.device = device_drops();
  const LearnCounters& learn = counters.learn(index_);
  baseline_.learned = learn.learned.load();
  baseline_.moved = learn.moved.load();
  baseline_.table_full = learn.table_full.load();
  baseline_.limit_refused = learn.limit_refused.load();
  baseline_.lock_refused = learn.lock_refused.load();
  for (uint16_t q = 0; q < kMaxQueuesPerPort; ++q) {
    baseline_.rxq_packets[q] = counters.rxq_packets(index_, q);
  }
}

api::PortStats Port::stats(const CounterSource& counters) const {
  PortCounters c = counters.port(index_);
  c -= baseline_.counters;
  DeviceDrops now = device_drops();
  DeviceDrops device{now.rx_missed - baseline_.device.rx_missed,
                     now.rx_nombuf - baseline_.device.rx_nombuf};
  api::PortStats s = port_stats(c, device);
  s.name = name();
  const LearnCounters& learn = counters.learn(index_);
  s.mac_learned = learn.learned.load() - baseline_.learned;
  s.mac_moved = learn.moved.load() - baseline_.moved;
  s.mac_table_full = learn.table_full.load() - baseline_.table_full;
  s.mac_limit_refused = learn.limit_refused.load() - baseline_.limit_refused;
  s.mac_lock_refused = learn.lock_refused.load() - baseline_.lock_refused;
  for (uint16_t q = 0; q < queues(); ++q) {
    api::RxqStats rxq;
    rxq.queue = q;
    rxq.packets = counters.rxq_packets(index_, q) - baseline_.rxq_packets[q];
    RxQueueDepth depth = rx_queue_depth(q);
    rxq.pending = depth.pending;
    rxq.ring_size = depth.ring_size;
    s.rx_queues.push_back(rxq);
  }
  return s;
}

PortModel Port::model() const {
  PortModel m;
  PortRuntime& r = m.runtime;
  r.present = true;
  r.kind = type() == PortType::kVhost ? PortKind::kVhost : PortKind::kEthdev;
  r.admin_up = admin_up_;
  r.numa = static_cast<int16_t>(numa());
  r.attachment = attachment_;
  r.bridge = bridge_;
  r.peer = peer_;
  r.tx_retries = tx_retries_;
  r.max_frame_len = max_frame_len_for_mtu(spec_.mtu);
  m.vlan = vlan_;
  m.rx_queues = queues();
  if (rates_ != api::RateConfig{})
    m.rates = make_port_rates(rates_, rte_get_tsc_hz(), *rate_states_);
  m.security = security_;
  fill_model(m);
  return m;
}

api::PortInfo Port::info(const std::string& bridge, const std::string& peer) const {
  api::PortInfo info;
  info.name = name();
  info.index = index_;
  info.type = std::string(wire_name(type()));
  info.admin = admin_up_ ? "up" : "down";
  info.numa = numa();
  info.rx_queues = queues();
  info.vlan = to_api(vlan_);
  info.tx_retries = tx_retries_;
  if (rates_ != api::RateConfig{}) info.rates = rates_;
  info.mac_limit = learning_.mac_limit;
  info.mac_lock = learning_.mac_lock;
  info.mtu = spec_.mtu;
  if (attachment_ == Attachment::kBridge) info.bridge = bridge;
  if (attachment_ == Attachment::kXconnect) info.xconnect = peer;
  info.security = to_api(security_);
  fill_info(info);
  return info;
}

}  // namespace nfv::dp
