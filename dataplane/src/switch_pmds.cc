// PMDs: their load (pmd.list) and moving receive queues between them (pmd.rebalance).
#include <rte_cycles.h>

#include <algorithm>

#include "nfv/common/log.h"
#include "nfv/dataplane/switch.h"

namespace nfv::dp {
namespace {

api::PmdInfo pmd_totals_info(const PmdConfig& config, const PmdTotals& totals) {
  api::PmdInfo info;
  info.id = config.id;
  info.cpu = config.cpu;
  info.numa = config.numa;
  info.iterations = totals.iterations;
  info.busy_cycles = totals.busy_cycles;
  info.idle_cycles = totals.idle_cycles;
  info.packets = totals.packets;
  info.sleeps = totals.sleeps;
  for (size_t i = 0; i < kLatePollBuckets; ++i) {
    info.late_polls.push_back({kLatePollBoundsUs[i], totals.late_polls[i]});
  }
  uint64_t all = totals.busy_cycles + totals.idle_cycles;
  info.busy_pct =
      all ? 100.0 * static_cast<double>(totals.busy_cycles) / static_cast<double>(all) : 0;
  info.cycles_per_packet =
      totals.packets ? static_cast<double>(totals.busy_cycles) / static_cast<double>(totals.packets)
                     : 0;
  return info;
}

// Each PMD's share of all measured queue cycles under `assignment`, in percent.
std::vector<double> load_shares(const Assignment& assignment,
                                const std::vector<RxqDemand>& demands) {
  std::vector<double> load(assignment.size(), 0.0);
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
}

bool assigned(const std::vector<RxqRef>& rxqs, const RxqRef& ref) {
  return std::find(rxqs.begin(), rxqs.end(), ref) != rxqs.end();
}

}  // namespace

api::PmdList Switch::list_pmds() {
  std::lock_guard lock(mutex_);
  api::PmdList list;
  const Snapshot& current = *publisher_->current();
  CounterSource source = counters();
  for (const auto& pmd : pmds_) {
    const PmdConfig& config = pmd->config();
    api::PmdInfo info = pmd_totals_info(config, read_pmd_totals(pmd->counters()));
    uint64_t pmd_cycles = 0;
    for (const RxqRef& ref : assignment_[config.id]) {
      const Port* port = ports_[ref.port].get();
      if (!port) continue;
      api::RxqInfo rxq;
      rxq.port = port->name();
      rxq.queue = ref.queue;
      rxq.enabled = current.pmds.size() > config.id && assigned(current.pmds[config.id].rxqs, ref);
      rxq.packets =
          source.rxq_packets(ref.port, ref.queue) - port->baseline().rxq_packets[ref.queue];
      rxq.cycles =
          source.rxq_cycles(ref.port, ref.queue) - rxq_cycles_at_rebalance_[ref.port][ref.queue];
      pmd_cycles += rxq.cycles;
      info.rxqs.push_back(rxq);
    }
    for (auto& rxq : info.rxqs) {
      rxq.share_pct =
          pmd_cycles ? 100.0 * static_cast<double>(rxq.cycles) / static_cast<double>(pmd_cycles)
                     : 0;
    }
    list.pmds.push_back(std::move(info));
  }
  return list;
}

api::RebalanceResult Switch::rebalance() {
  std::lock_guard lock(mutex_);
  api::RebalanceResult result;
  auto demands = rxq_demands();
  Assignment next = place_rxqs(demands, pmd_places(), assignment_, true);
  result.pmd_load_before = load_shares(assignment_, demands);
  result.pmd_load_after = load_shares(next, demands);

  // Phase 1 stops polling the queues that move; phase 2 starts them on their new PMD. Two
  // PMDs never poll one queue at once, and a queue is unpolled for one grace period only:
  // its ring holds the packets meanwhile, so nothing is lost.
  Assignment staying(assignment_.size());
  for (size_t p = 0; p < assignment_.size(); ++p) {
    for (const RxqRef& ref : assignment_[p]) {
      if (assigned(next[p], ref)) {
        staying[p].push_back(ref);
        continue;
      }
      for (size_t to = 0; to < next.size(); ++to) {
        if (assigned(next[to], ref)) {
          result.moved.push_back(api::RxqMove{ports_[ref.port]->name(), ref.queue,
                                              static_cast<uint32_t>(p), static_cast<uint32_t>(to)});
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
