// Hugepage pools as sysfs counts them: per NUMA node
// (devices/system/node/node<N>/hugepages/hugepages-<size>kB/{nr,free}_hugepages) or, on a kernel
// without NUMA, system-wide (kernel/mm/hugepages/...). How many are enough is the caller's policy.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/sysfs.h"

namespace nfv::host {

struct HugepagePool {
  uint64_t page_size = 0;        // bytes
  uint64_t total = 0;            // pages reserved (nr_hugepages)
  std::optional<uint64_t> free;  // pages free: known on the live machine, not in a recording
};

struct NodeHugepages {
  std::optional<uint32_t> node;     // nullopt: the system-wide pools of a kernel without NUMA
  std::vector<HugepagePool> pools;  // ascending page size
};

// The page size in bytes a pool directory is named after: "hugepages-2048kB" -> 2 MiB;
// nullopt for any other name.
std::optional<uint64_t> parse_hugepage_dir_name(std::string_view name);

// One node's pools, ascending page size. An error when the node has no hugepages directory or
// a pool's nr_hugepages cannot be read; an unreadable free_hugepages leaves `free` unset.
Result<std::vector<HugepagePool>> read_node_hugepages(const Sysfs& sysfs, uint32_t node);

// The pools of every node that has a hugepages directory, by node; when no node has a pool, the
// system-wide pools as one entry without a node.
Result<std::vector<NodeHugepages>> read_hugepages(const Sysfs& sysfs);

}  // namespace nfv::host
