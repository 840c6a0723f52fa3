#include "healthy_host.h"

namespace nfv::preflight::testing {

namespace {
constexpr uint64_t k2MKib = 2048;
constexpr uint64_t k1GKib = 1048576;
}  // namespace

HealthyHost::HealthyHost() {
  sysfs.cpus("0-15", "0-15", kIsolated, kIsolated);
  for (uint32_t node : {0u, 1u}) {
    sysfs.hugepages(node, k2MKib, 2048, 2048);
    sysfs.hugepages(node, k1GKib, 8, 8);
  }
  sysfs.pci_device("0000:0b:00.0", "1137", "0043", "020000", "0", "enic");
  sysfs.iommu_group(10, "0000:0b:00.0");
  sysfs.write("bus/pci/drivers/vfio-pci/new_id", "");
  kernel_args(kBootHugepages);
  procfs.mounts(true);
  procfs.default_hugepage_size_kib(k2MKib);
  procfs.irq(0, "0");
  procfs.irq(24, "0,8");
  procfs.irq(25, "8");
}

void HealthyHost::kernel_args(const std::string& hugepages, const std::string& isolated,
                              const std::string& iommu) {
  procfs.cmdline("BOOT_IMAGE=/vmlinuz-6.1 root=/dev/sda1 ro " + hugepages +
                 " isolcpus=" + isolated + " nohz_full=" + isolated + " " + iommu);
}

void HealthyHost::free_hugepages(uint32_t node, uint64_t kib, uint64_t free) {
  sysfs.write("devices/system/node/node" + std::to_string(node) + "/hugepages/hugepages-" +
                  std::to_string(kib) + "kB/free_hugepages",
              std::to_string(free));
}

}  // namespace nfv::preflight::testing
