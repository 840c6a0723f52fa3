#include "nfv/preflight/host_facts.h"

#include <fmt/format.h>

#include <filesystem>

#include "nfv/common/strings.h"
#include "nfv/host/cpulist.h"
#include "nfv/host/iommu_group.h"
#include "nfv/host/kernel_cmdline.h"
#include "nfv/host/mounts.h"
#include "nfv/host/pci_device.h"

namespace nfv::preflight {
namespace {

// The kernel's default hugepage size when default_hugepagesz= does not say: meminfo's
// Hugepagesize, else 2 MiB (x86).
uint64_t default_page_size(const host::Procfs& procfs) {
  constexpr uint64_t kFallback = 2ULL << 20;
  auto meminfo = procfs.read("meminfo");
  if (!meminfo) return kFallback;
  constexpr std::string_view kKey = "Hugepagesize:";
  size_t at = meminfo->find(kKey);
  if (at == std::string::npos) return kFallback;
  size_t end = meminfo->find('\n', at);
  std::string value = meminfo->substr(at + kKey.size(), end - at - kKey.size());
  auto kib = parse_uint(trim(std::string_view(value).substr(0, value.rfind("kB"))), "meminfo");
  return kib ? *kib * 1024 : kFallback;
}

Status read_kernel_args(const host::Procfs& procfs, HostFacts& facts) {
  auto text = procfs.read("cmdline");
  if (!text) return std::move(text).error();
  host::KernelCmdline cmdline = host::parse_kernel_cmdline(*text);
  facts.boot_hugepage_sizes = host::boot_hugepage_sizes(cmdline, default_page_size(procfs));
  // The kernel ignores a list it cannot parse; so does the check (sysfs's lists come first).
  if (auto isolcpus = host::isolcpus_of(cmdline)) facts.isolcpus = std::move(isolcpus).value();
  if (auto nohz = cmdline.value("nohz_full")) {
    if (auto cpus = host::parse_cpulist(*nohz, "nohz_full")) facts.nohz_full_args = *cpus;
  }
  facts.iommu_passthrough = cmdline.value("iommu") == "pt";
  for (const char* key : {"intel_iommu", "amd_iommu", "iommu"}) {
    if (auto value = cmdline.value(key)) {
      std::string_view separator = facts.iommu_args.empty() ? "" : " ";
      facts.iommu_args += fmt::format("{}{}={}", separator, key, *value);
    }
  }
  return {};
}

}  // namespace

Result<HostFacts> read_host_facts(const HostRoots& roots) {
  host::Sysfs sysfs(roots.sysfs);
  host::Procfs procfs(roots.procfs);
  HostFacts facts;
  auto hugepages = host::read_hugepages(sysfs);
  if (!hugepages) return std::move(hugepages).error();
  facts.hugepages = std::move(hugepages).value();
  facts.hugetlbfs_mounted = host::hugetlbfs_mounted(procfs.path("mounts"));
  auto cpus = host::read_cpu_state(sysfs);
  if (!cpus) return std::move(cpus).error();
  facts.cpus = std::move(cpus).value();
  NFV_TRY(read_kernel_args(procfs, facts));
  auto irqs = host::read_irq_affinities(procfs);
  if (!irqs) return std::move(irqs).error();
  facts.irqs = std::move(irqs).value();
  auto groups = host::read_iommu_group_ids(sysfs);
  if (!groups) return std::move(groups).error();
  facts.iommu_groups = groups->size();
  facts.vfio_pci = host::pci_driver_loaded(sysfs, "vfio-pci");
  return facts;
}

std::set<std::string> read_missing_files(const std::vector<std::string>& paths) {
  std::set<std::string> missing;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) missing.insert(path);
  }
  return missing;
}

}  // namespace nfv::preflight
