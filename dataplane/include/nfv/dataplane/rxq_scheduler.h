// Which PMD polls which receive queue: a pure function of the queues (with their NUMA node
// and measured cycles) and the PMDs. A queue goes to a PMD on its port's node (any PMD when
// that node has none or the node is unknown), to the least loaded one.
#pragma once

#include <cstdint>
#include <vector>

#include "nfv/fastpath/snapshot.h"

namespace nfv::dp {

struct RxqDemand {
  RxqRef rxq;
  int numa = -1;        // -1: unknown
  uint64_t cycles = 0;  // measured since the last rebalance
};

struct PmdPlace {
  uint16_t id = 0;
  int numa = 0;
};

using Assignment = std::vector<std::vector<RxqRef>>;  // per PMD id

// Without `rebalance`: queues already placed on a PMD of the right node stay where they are;
// the others go to the PMD with the least measured load (then fewest queues, lowest id).
// With `rebalance`: every queue carrying at least 1% of the load is placed again, heaviest
// first (longest-processing-time), staying on its PMD when that is as good as any.
Assignment place_rxqs(const std::vector<RxqDemand>& demands, const std::vector<PmdPlace>& pmds,
                      const Assignment& current, bool rebalance);

// Whether a PMD may poll a queue of a port on `numa`, given the PMDs available.
bool pmd_fits_node(const PmdPlace& pmd, int numa, const std::vector<PmdPlace>& pmds);

}  // namespace nfv::dp
