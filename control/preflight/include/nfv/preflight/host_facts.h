// What the host has, as the pre-flight needs it, read from sysfs and procfs under roots given
// as parameters (never a hard-coded /sys or /proc): the thin adapter around the pure checks.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/cpu_state.h"
#include "nfv/host/hugepages.h"
#include "nfv/host/irq_affinity.h"
#include "nfv/preflight/pcie_facts.h"

namespace nfv::preflight {

struct HostRoots {
  std::string sysfs = "/sys";
  std::string procfs = "/proc";
};

struct HostFacts {
  std::vector<host::NodeHugepages> hugepages;  // per node, or one system-wide entry
  std::vector<uint64_t> boot_hugepage_sizes;   // page sizes the kernel arguments reserve
  bool hugetlbfs_mounted = false;
  host::CpuState cpus;                   // present, online, isolated, nohz_full
  std::vector<uint32_t> isolcpus;        // from the kernel arguments, when sysfs has no list
  std::vector<uint32_t> nohz_full_args;  // likewise for nohz_full=
  std::vector<host::IrqAffinity> irqs;
  size_t iommu_groups = 0;              // 0: the IOMMU is off
  bool iommu_passthrough = false;       // iommu=pt
  std::string iommu_args;               // "intel_iommu=on iommu=pt": what the kernel was asked
  bool vfio_pci = false;                // vfio-pci registered or its module loaded
  std::set<std::string> missing_files;  // of the files asked for (read_missing_files)
  PcieFacts pcie;                       // of the GPUs and NICs asked for (read_pcie_facts)
};

// Reads every fact; an error names the file that could not be read or parsed.
Result<HostFacts> read_host_facts(const HostRoots& roots);

// Which of `paths` are not regular files (absent, or a directory) on this host.
std::set<std::string> read_missing_files(const std::vector<std::string>& paths);

}  // namespace nfv::preflight
