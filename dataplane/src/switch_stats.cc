// Counters, PMD load and receive-queue rebalancing.
#include <rte_cycles.h>

#include <set>

#include "nfv/common/log.h"
#include "nfv/dataplane/port_stats.h"
#include "switch_internal.h"

namespace nfv::dp {

using api::DropSide;
using api::ErrorCode;

PortCounters Switch::raw_counters(uint16_t index) const {
  PortCounters sum;
  for (const auto& pmd : pmds_) sum += read_port_counters(pmd->counters(), index);
  return sum;
}

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
  for (const auto& port : ports_) {
    if (!port || port->deleting) continue;
    if (!params.port.empty() && port->name != params.port) continue;
    PortCounters c = raw_counters(port->index);
    c -= port->baseline;
    DeviceDrops device;
    if (port->eth) {
      DeviceDrops now = port->eth->device_drops();
      device.rx_missed = now.rx_missed - port->device_baseline.rx_missed;
      device.rx_nombuf = now.rx_nombuf - port->device_baseline.rx_nombuf;
    }
    api::PortStats s = port_stats(c, device);
    s.name = port->name;
    const LearnCounters& learn = fdb_->learn_counters(port->index);
    s.mac_learned = learn.learned.load() - port->learned_baseline;
    s.mac_moved = learn.moved.load() - port->moved_baseline;
    s.mac_table_full = learn.table_full.load() - port->table_full_baseline;
    for (uint16_t q = 0; q < port->queues; ++q) {
      api::RxqStats rxq;
      rxq.queue = q;
      uint64_t packets = 0;
      for (const auto& pmd : pmds_)
        packets += read_counter(pmd->counters().rxq_packets[port->index][q]);
      rxq.packets = packets - port->rxq_baseline[q];
      for (size_t p = 0; p < assignment_.size(); ++p) {
        for (const RxqRef& ref : assignment_[p]) {
          if (ref.port == port->index && ref.queue == q) rxq.pmd = static_cast<uint32_t>(p);
        }
      }
      s.rx_queues.push_back(rxq);
    }
    result.ports.push_back(std::move(s));
  }
  if (!params.port.empty() && result.ports.empty()) {
    return api_error(ErrorCode::kNotFound,
                     fmt::format("port '{}' does not exist (see port.list)", params.port));
  }
  return result;
}

Status Switch::clear_stats(const api::StatsParams& params) {
  std::lock_guard lock(mutex_);
  bool found = false;
  for (auto& port : ports_) {
    if (!port || port->deleting) continue;
    if (!params.port.empty() && port->name != params.port) continue;
    found = true;
    port->baseline = raw_counters(port->index);
    if (port->eth) port->device_baseline = port->eth->device_drops();
    port->learned_baseline = fdb_->learn_counters(port->index).learned.load();
    port->moved_baseline = fdb_->learn_counters(port->index).moved.load();
    port->table_full_baseline = fdb_->learn_counters(port->index).table_full.load();
    for (uint16_t q = 0; q < kMaxQueuesPerPort; ++q) {
      uint64_t packets = 0;
      for (const auto& pmd : pmds_)
        packets += read_counter(pmd->counters().rxq_packets[port->index][q]);
      port->rxq_baseline[q] = packets;
    }
  }
  if (!params.port.empty() && !found) {
    return api_error(ErrorCode::kNotFound,
                     fmt::format("port '{}' does not exist (see port.list)", params.port));
  }
  return {};
}

api::PmdList Switch::list_pmds() {
  std::lock_guard lock(mutex_);
  api::PmdList list;
  const Snapshot& current = *publisher_->current();
  for (const auto& pmd : pmds_) {
    const PmdConfig& config = pmd->config();
    PmdTotals totals = read_pmd_totals(pmd->counters());
    api::PmdInfo info;
    info.id = config.id;
    info.cpu = config.cpu;
    info.numa = config.numa;
    info.iterations = totals.iterations;
    info.busy_cycles = totals.busy_cycles;
    info.idle_cycles = totals.idle_cycles;
    info.packets = totals.packets;
    info.sleeps = totals.sleeps;
    uint64_t all = totals.busy_cycles + totals.idle_cycles;
    info.busy_pct =
        all ? 100.0 * static_cast<double>(totals.busy_cycles) / static_cast<double>(all) : 0;
    info.cycles_per_packet = totals.packets ? static_cast<double>(totals.busy_cycles) /
                                                  static_cast<double>(totals.packets)
                                            : 0;
    uint64_t pmd_cycles = 0;
    std::vector<api::RxqInfo> rxqs;
    for (const RxqRef& ref : assignment_[config.id]) {
      const Port* port = ports_[ref.port].get();
      if (!port) continue;
      api::RxqInfo rxq;
      rxq.port = port->name;
      rxq.queue = ref.queue;
      const auto& polled =
          current.pmds.size() > config.id ? current.pmds[config.id].rxqs : std::vector<RxqRef>{};
      rxq.enabled = std::find(polled.begin(), polled.end(), ref) != polled.end();
      for (const auto& other : pmds_) {
        rxq.packets += read_counter(other->counters().rxq_packets[ref.port][ref.queue]);
        rxq.cycles += read_counter(other->counters().rxq_cycles[ref.port][ref.queue]);
      }
      rxq.packets -= port->rxq_baseline[ref.queue];
      rxq.cycles -= rxq_cycles_at_rebalance_[ref.port][ref.queue];
      pmd_cycles += rxq.cycles;
      rxqs.push_back(rxq);
    }
    for (auto& rxq : rxqs) {
      rxq.share_pct =
          pmd_cycles ? 100.0 * static_cast<double>(rxq.cycles) / static_cast<double>(pmd_cycles)
                     : 0;
    }
    info.rxqs = std::move(rxqs);
    list.pmds.push_back(std::move(info));
  }
  return list;
}

api::RebalanceResult Switch::rebalance() {
  std::lock_guard lock(mutex_);
  api::RebalanceResult result;
  auto demands = rxq_demands(true);
  std::vector<PmdPlace> places;
  for (const auto& pmd : pmds_) places.push_back(PmdPlace{pmd->config().id, pmd->config().numa});
  auto share = [&](const Assignment& assignment) {
    std::vector<double> load(pmds_.size(), 0.0);
    double total = 0;
    for (size_t p = 0; p < assignment.size(); ++p) {
      for (const RxqRef& ref : assignment[p]) {
        for (const RxqDemand& d : demands) {
          if (d.rxq == ref) load[p] += static_cast<double>(d.cycles);
        }
      }
      total += load[p];
    }
    for (double& l : load) l = total > 0 ? 100.0 * l / total : 0;
    return load;
  };
  Assignment next = place_rxqs(demands, places, assignment_, true);
  result.pmd_load_before = share(assignment_);
  result.pmd_load_after = share(next);

  // Phase 1 stops polling the queues that move; phase 2 starts them on their new PMD. Two
  // PMDs never poll one queue at once, and a queue is unpolled for one grace period only:
  // its ring holds the packets meanwhile, so nothing is lost.
  Assignment staying(assignment_.size());
  for (size_t p = 0; p < assignment_.size(); ++p) {
    for (const RxqRef& ref : assignment_[p]) {
      if (std::find(next[p].begin(), next[p].end(), ref) != next[p].end()) {
        staying[p].push_back(ref);
      } else {
        for (size_t to = 0; to < next.size(); ++to) {
          if (std::find(next[to].begin(), next[to].end(), ref) != next[to].end()) {
            result.moved.push_back(api::RxqMove{ports_[ref.port]->name, ref.queue,
                                                static_cast<uint32_t>(p),
                                                static_cast<uint32_t>(to)});
          }
        }
      }
    }
  }
  if (!result.moved.empty()) {
    assignment_ = staying;
    publish_and_wait();
    assignment_ = next;
    publish();
  }
  // Measure afresh from here.
  for (const RxqDemand& d : demands) {
    rxq_cycles_at_rebalance_[d.rxq.port][d.rxq.queue] += d.cycles;
  }
  log::info("pmd rebalance: {} queue(s) moved", result.moved.size());
  return result;
}

}  // namespace nfv::dp
