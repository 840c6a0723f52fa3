// Hugepage memory per NUMA node: what the plan has committed, against what the node can give
// (its memory minus host.reserved_memory_mb). The plan never commits past that budget.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nfv/topology/model.h"
#include "nfv/topology/placement.h"

namespace nfv::topology::planner {

class HugepageBudget {
 public:
  HugepageBudget(const Topology& topology, uint64_t reserved_bytes_per_node);

  // Unset when the topology does not record the node's memory (then nothing is checked).
  std::optional<uint64_t> left(uint32_t node) const;
  bool fits(uint32_t node, uint64_t bytes) const;
  void commit(uint32_t node, uint64_t page_size, uint64_t bytes, const std::string& consumer);

  // "node 0: 2048 MB, node 1: 1024 MB"
  std::string describe_left() const;
  std::vector<HugepageReservation> reservations() const;
  // Nodes with planned pages whose memory size is unknown.
  std::vector<uint32_t> unchecked_nodes() const;

 private:
  struct Use {
    uint64_t pages = 0;
    std::vector<std::string> consumers;
  };
  const Topology& topology_;
  std::map<uint32_t, std::optional<uint64_t>> budget_;  // node -> bytes it can give
  std::map<uint32_t, uint64_t> committed_;              // node -> bytes
  std::map<std::pair<uint32_t, uint64_t>, Use> uses_;   // (node, page size) -> use
};

}  // namespace nfv::topology::planner
