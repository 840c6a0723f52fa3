#include "hugepage_budget.h"

#include <fmt/format.h>

#include "nfv/common/strings.h"

namespace nfv::topology::planner {

HugepageBudget::HugepageBudget(const Topology& topology, uint64_t reserved_bytes_per_node)
    : topology_(topology) {
  for (const auto& node : topology.numa_nodes) {
    if (node.memory_bytes == 0) {
      budget_[node.id] = std::nullopt;
    } else {
      budget_[node.id] = node.memory_bytes > reserved_bytes_per_node
                             ? node.memory_bytes - reserved_bytes_per_node
                             : 0;
    }
  }
}

std::optional<uint64_t> HugepageBudget::left(uint32_t node) const {
  auto it = budget_.find(node);
  if (it == budget_.end()) return 0;  // not a node of this machine
  if (!it->second) return std::nullopt;
  auto used = committed_.find(node);
  uint64_t spent = used == committed_.end() ? 0 : used->second;
  return *it->second - spent;
}

bool HugepageBudget::fits(uint32_t node, uint64_t bytes) const {
  auto remaining = left(node);
  return !remaining || *remaining >= bytes;
}

void HugepageBudget::commit(uint32_t node, uint64_t page_size, uint64_t bytes,
                            const std::string& consumer) {
  committed_[node] += bytes;
  Use& use = uses_[{node, page_size}];
  use.pages += bytes / page_size;
  use.consumers.push_back(fmt::format("{} {} MB", consumer, bytes >> 20));
}

std::string HugepageBudget::describe_left() const {
  std::vector<std::string> parts;
  for (const auto& [node, budget] : budget_) {
    auto remaining = left(node);
    parts.push_back(remaining ? fmt::format("node {}: {} MB", node, *remaining >> 20)
                              : fmt::format("node {}: unknown", node));
  }
  return join(parts, ", ");
}

std::vector<HugepageReservation> HugepageBudget::reservations() const {
  std::vector<HugepageReservation> out;
  for (const auto& [key, use] : uses_) {
    HugepageReservation r;
    r.numa_node = key.first;
    r.page_size = key.second;
    r.pages = use.pages;
    const NumaNode* node = topology_.find_node(key.first);
    const host::HugepagePool* pool =
        node != nullptr ? node->hugepages_of_size(key.second) : nullptr;
    r.reserved = pool != nullptr ? pool->total : 0;
    r.to_reserve = r.pages > r.reserved ? r.pages - r.reserved : 0;
    r.consumers = use.consumers;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<uint32_t> HugepageBudget::unchecked_nodes() const {
  std::vector<uint32_t> nodes;
  for (const auto& [node, bytes] : committed_) {
    auto it = budget_.find(node);
    if (it != budget_.end() && !it->second) nodes.push_back(node);
  }
  return nodes;
}

}  // namespace nfv::topology::planner
