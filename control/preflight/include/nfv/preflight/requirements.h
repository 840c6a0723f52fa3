// What a config needs from the host, from the config and its plan (control/topology): the
// hugepages per node and size, the CPUs kept for PMDs and pinned vCPUs, and what needs the
// IOMMU and vfio-pci (VFs, PCI devices handed to DPDK or to guests). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nfv/api/switch_api.h"
#include "nfv/config/config.h"
#include "nfv/topology/placement.h"

namespace nfv::preflight {

// The switch as it runs (or is about to be started). A running switch already holds its
// memory and runs its PMDs where it does; one without hugepages (EAL --no-huge, as tests and
// the demo run it) needs none.
struct SwitchRuntime {
  bool running = false;
  std::vector<uint32_t> pmd_cpus;  // running: where its PMDs are
  bool no_huge = false;
};

// From the switch's own answer to switch.info: its PMD CPUs and whether --no-huge is among
// its EAL arguments.
SwitchRuntime runtime_of(const api::SwitchInfo& info);

struct HugepageNeed {
  std::optional<uint32_t> node;  // nullopt: anywhere (no NUMA)
  uint64_t page_size = 0;
  uint64_t pages = 0;
  std::vector<std::string> consumers;  // "switch 256 MB", "guest vm1 1024 MB"
};

// CPUs that must be kept from the scheduler and from interrupts.
struct CpuNeed {
  std::string subject;  // "PMD CPU 1", "guest vm1 vCPU CPUs 2-5"
  std::vector<uint32_t> cpus;
};

// A file a guest boots from (kernel, initrd, disk image): it must exist on this host.
struct FileNeed {
  std::string subject;  // "guest vm1"
  std::string what;     // "kernel" | "initrd" | "disk"
  std::string path;
};

// A GPU given to a guest and the NIC paired with it for GPUDirect RDMA: its VF, or the PF when
// the VF is created by the apply (nic_bdf is then the PF's, and vf_pending is set).
struct GpuNicPair {
  std::string guest;
  std::string gpu_bdf;
  std::string nic_bdf;  // empty: the GPU has no paired NIC
  std::string pf_bdf;
  bool vf_pending = false;
};

// The PCI functions one guest is given (GPUs, paired NICs, VF interfaces): they may share an
// IOMMU group with each other.
struct GuestDevices {
  std::string guest;
  std::vector<std::string> bdfs;
};

struct Requirements {
  std::vector<HugepageNeed> hugepages;
  std::vector<FileNeed> files;
  std::vector<CpuNeed> cpus;
  std::vector<std::string> passthrough;     // what needs the IOMMU and vfio-pci, for messages
  std::vector<GpuNicPair> gpu_pairs;        // AI guests: every GPU, with its NIC when paired
  std::vector<GuestDevices> guest_devices;  // of the guests with GPUs

  // The devices whose PCIe path the check reads: every GPU and NIC (a pending VF's PF).
  std::vector<std::string> pcie_devices() const;
};

Requirements requirements_of(const config::ApplianceConfig& config,
                             const topology::Placement& placement, const SwitchRuntime& runtime);

}  // namespace nfv::preflight
