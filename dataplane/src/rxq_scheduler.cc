#include "nfv/dataplane/rxq_scheduler.h"

#include <algorithm>
#include <limits>
#include <map>

namespace nfv::dp {

bool pmd_fits_node(const PmdPlace& pmd, int numa, const std::vector<PmdPlace>& pmds) {
  if (numa < 0) return true;
  bool node_has_pmd = std::any_of(pmds.begin(), pmds.end(),
                                  [&](const PmdPlace& p) { return p.numa == numa; });
  return !node_has_pmd || pmd.numa == numa;
}

Assignment place_rxqs(const std::vector<RxqDemand>& demands, const std::vector<PmdPlace>& pmds,
                      const Assignment& current, bool rebalance) {
  Assignment result(pmds.size());
  if (pmds.empty()) return result;
  std::vector<uint64_t> load(pmds.size(), 0);
  std::map<std::pair<uint16_t, uint16_t>, size_t> current_pmd;  // (port, queue) -> PMD
  for (size_t p = 0; p < current.size() && p < pmds.size(); ++p) {
    for (const RxqRef& rxq : current[p]) current_pmd[{rxq.port, rxq.queue}] = p;
  }

  // A rebalance moves only queues that carry load: one below 1% of the total gains nothing
  // from moving and stays where it is.
  uint64_t total = 0;
  for (const RxqDemand& demand : demands) total += demand.cycles;
  std::vector<const RxqDemand*> unplaced;
  for (const RxqDemand& demand : demands) {
    auto it = current_pmd.find({demand.rxq.port, demand.rxq.queue});
    bool keep = it != current_pmd.end() && pmd_fits_node(pmds[it->second], demand.numa, pmds) &&
                (!rebalance || demand.cycles * 100 < total);
    if (keep) {
      result[it->second].push_back(demand.rxq);
      load[it->second] += demand.cycles;
    } else {
      unplaced.push_back(&demand);
    }
  }
  // Heaviest first; ties in a fixed order so the result is deterministic.
  std::stable_sort(unplaced.begin(), unplaced.end(), [](const RxqDemand* a, const RxqDemand* b) {
    if (a->cycles != b->cycles) return a->cycles > b->cycles;
    if (a->rxq.port != b->rxq.port) return a->rxq.port < b->rxq.port;
    return a->rxq.queue < b->rxq.queue;
  });
  for (const RxqDemand* demand : unplaced) {
    auto it = current_pmd.find({demand->rxq.port, demand->rxq.queue});
    size_t now_on = it == current_pmd.end() ? pmds.size() : it->second;
    size_t best = pmds.size();
    for (size_t p = 0; p < pmds.size(); ++p) {
      if (!pmd_fits_node(pmds[p], demand->numa, pmds)) continue;
      if (best == pmds.size() || load[p] < load[best]) {
        best = p;
      } else if (load[p] == load[best]) {
        // Ties: stay on the current PMD, else the one with fewer queues.
        if (p == now_on || (best != now_on && result[p].size() < result[best].size())) best = p;
      }
    }
    result[best].push_back(demand->rxq);
    load[best] += demand->cycles;
  }
  for (auto& rxqs : result) {
    std::sort(rxqs.begin(), rxqs.end(), [](const RxqRef& a, const RxqRef& b) {
      return a.port != b.port ? a.port < b.port : a.queue < b.queue;
    });
  }
  return result;
}

}  // namespace nfv::dp
