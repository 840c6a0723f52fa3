// Checks made before DPDK starts, so a missing resource is one clear line instead of a
// page of EAL messages. The sysfs root is a parameter (tests point it at a fake tree).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::dp {

struct HugepagePool {
  int node = -1;          // -1: not per node (the system-wide counters)
  uint64_t page_kb = 0;   // page size in KiB
  uint64_t free_pages = 0;
};

std::vector<HugepagePool> read_hugepage_pools(const std::string& sysfs_root);

// Every node in `nodes` needs `memory_mb` of free hugepages (any page size).
Status check_hugepages(const std::vector<HugepagePool>& pools, const std::vector<int>& nodes,
                       uint32_t memory_mb, const std::string& sysfs_root);

// NUMA node of a CPU from sysfs (0 when the machine has no NUMA information).
int numa_node_of_cpu(const std::string& sysfs_root, uint32_t cpu);

// A hugetlbfs mount, read from a /proc/mounts-format file.
bool hugetlbfs_mounted(const std::string& mounts_file);

// The parent directory of a socket path must exist; `what` names it in the error.
Status check_socket_directory(const std::string& path, const std::string& what);

}  // namespace nfv::dp
