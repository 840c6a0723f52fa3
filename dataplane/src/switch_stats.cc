// Counters: stats.get and stats.clear.
#include "api_error.h"
#include "nfv/dataplane/port_stats.h"
#include "nfv/dataplane/switch.h"

namespace nfv::dp {

using api::DropSide;

api::PortStats port_stats(const PortCounters& counters, const DeviceDrops& device) {
  PortCounters c = counters;
  c.drop(DropReason::kRxMissed) = device.rx_missed;
  c.drop(DropReason::kRxNoMbuf) = device.rx_nombuf;
  api::PortStats s;
  // NIC drops reached the port but no PMD: in rx_packets too, so that
  // rx_packets == forwarded + rx_dropped holds (see port_stats.h).
  s.rx_packets = c.rx_packets + device.rx_missed + device.rx_nombuf;
  s.rx_bytes = c.rx_bytes;
  s.forwarded = c.forwarded;
  s.flooded = c.flooded;
  s.tx_attempts = c.tx_attempts;
  s.tx_packets = c.tx_packets;
  s.tx_bytes = c.tx_bytes;
  s.tx_retries = c.tx_retries;
  for (size_t r = 0; r < kDropReasonCount; ++r) {
    const auto& reason = api::kDropReasons[r];
    s.drops[std::string(reason.name)] = c.drops[r];
    if (reason.side == DropSide::kEgress) {
      s.tx_dropped += c.drops[r];
    } else {
      s.rx_dropped += c.drops[r];
    }
  }
  return s;
}

Result<api::StatsResult> Switch::stats(const api::StatsParams& params) {
  std::lock_guard lock(mutex_);
  api::StatsResult result;
  result.timestamp_s = clock_.now_precise_s();
  CounterSource source = counters();
  for (const auto& port : ports_) {
    if (!port || port->deleting()) continue;
    if (!params.port.empty() && port->name() != params.port) continue;
    api::PortStats s = port->stats(source);
    for (api::RxqStats& rxq : s.rx_queues) {
      for (size_t p = 0; p < assignment_.size(); ++p) {
        for (const RxqRef& ref : assignment_[p]) {
          if (ref.port == port->index() && ref.queue == rxq.queue) {
            rxq.pmd = static_cast<uint32_t>(p);
          }
        }
      }
    }
    result.ports.push_back(std::move(s));
  }
  if (!params.port.empty() && result.ports.empty()) return port_or_error(params.port).error();
  return result;
}

Status Switch::clear_stats(const api::StatsParams& params) {
  std::lock_guard lock(mutex_);
  bool found = false;
  CounterSource source = counters();
  for (auto& port : ports_) {
    if (!port || port->deleting()) continue;
    if (!params.port.empty() && port->name() != params.port) continue;
    found = true;
    port->take_baseline(source);
  }
  if (!params.port.empty() && !found) return port_or_error(params.port).error();
  return {};
}

}  // namespace nfv::dp
