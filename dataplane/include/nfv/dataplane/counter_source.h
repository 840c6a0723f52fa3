// The control side's reading of the fast path's counters: each figure summed over every
// PMD (each PMD publishes its own block; nobody but the PMD writes it).
#pragma once

#include <memory>
#include <vector>

#include "nfv/dataplane/fdb_service.h"
#include "nfv/fastpath/counters.h"
#include "nfv/fastpath/pmd.h"

namespace nfv::dp {

class CounterSource {
 public:
  CounterSource(const std::vector<std::unique_ptr<Pmd>>& pmds, const FdbService& fdb)
      : pmds_(pmds), fdb_(fdb) {}

  PortCounters port(uint16_t index) const;
  uint64_t rxq_packets(uint16_t port, uint16_t queue) const;
  uint64_t rxq_cycles(uint16_t port, uint16_t queue) const;
  const LearnCounters& learn(uint16_t port) const { return fdb_.learn_counters(port); }

 private:
  const std::vector<std::unique_ptr<Pmd>>& pmds_;
  const FdbService& fdb_;
};

}  // namespace nfv::dp
