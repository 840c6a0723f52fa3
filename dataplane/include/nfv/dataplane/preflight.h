// Checks made before DPDK starts, so a missing resource is one clear line instead of a
// page of EAL messages. Host facts come from the host reader (nfv/host), rooted at a sysfs
// path that tests point at a fake tree; what is enough is decided here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/dataplane/options.h"
#include "nfv/host/hugepages.h"
#include "nfv/host/sysfs.h"

namespace nfv::dp {

// The NUMA nodes of `cpus`, ascending, each once; a CPU sysfs places on no node counts as node
// 0 (a machine without NUMA information).
std::vector<int> numa_nodes_of_cpus(const host::Sysfs& sysfs, const std::vector<uint32_t>& cpus);

// Every node in `nodes` needs `memory_mb` of free hugepages (any page size).
Status check_hugepages(const std::vector<host::NodeHugepages>& hugepages,
                       const std::vector<int>& nodes, uint32_t memory_mb, const host::Sysfs& sysfs);

// The parent directory of a socket path must exist; `what` names it in the error.
Status check_socket_directory(const std::string& path, const std::string& what);

// What the pre-flight found: the NUMA nodes of the switch's CPUs and the PCI devices its
// command-line ports name (the EAL's allow list).
struct HostFacts {
  std::vector<int> nodes;
  std::vector<std::string> pci_devices;
};

// Every check of the host before DPDK starts: socket directories, hugetlbfs (`mounts` is
// /proc/mounts) and free hugepages on each node the switch runs on.
Result<HostFacts> run_preflight(const SwitchOptions& options, const host::Sysfs& sysfs,
                                const std::string& mounts);

}  // namespace nfv::dp
