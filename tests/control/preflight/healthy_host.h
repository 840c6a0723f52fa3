// The host the telco example (config/examples/telco-vnf-host.yaml) needs, planned on the
// recording 16intel64-manyVFs.xml (2 nodes: CPUs 0-7 and 8-15; housekeeping 0 and 8, PMDs 1
// and 9, vrouter on 2-5 and dpi on 6-7 on node 0, firewall on 10-13 on node 1), as fake sysfs
// and procfs trees: hugepages of both sizes reserved at boot and free on both nodes, every CPU
// but the housekeeping ones isolated and nohz_full, interrupts on 0 and 8 only, the IOMMU on
// in passthrough mode, vfio-pci loaded. Each test breaks one thing.
#pragma once

#include <string>

#include "nfv/preflight/host_facts.h"
#include "procfs_tree.h"
#include "sysfs_tree.h"

namespace nfv::preflight::testing {

inline constexpr const char* kRecording = "16intel64-manyVFs.xml";
inline constexpr const char* kIsolated = "1-7,9-15";
inline constexpr const char* kBootHugepages =
    "hugepagesz=1G hugepages=0:8,1:8 hugepagesz=2M hugepages=4096";

class HealthyHost {
 public:
  HealthyHost();

  HostRoots roots() const { return {sysfs.root().string(), procfs.root().string()}; }
  // The kernel command line with `hugepages` (kBootHugepages by default) and `isolated` CPUs.
  void kernel_args(const std::string& hugepages, const std::string& isolated = kIsolated,
                   const std::string& iommu = "intel_iommu=on iommu=pt");
  // Free pages of a pool (total stays), e.g. (0, 2048, 100).
  void free_hugepages(uint32_t node, uint64_t kib, uint64_t free);

  host::testing::SysfsTree sysfs;
  host::testing::ProcfsTree procfs;
};

}  // namespace nfv::preflight::testing
