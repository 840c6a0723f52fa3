#include "nfv/preflight/requirements.h"

#include <fmt/format.h>

#include <algorithm>

#include "nfv/common/strings.h"

namespace nfv::preflight {
namespace {

uint64_t megabytes(uint64_t pages, uint64_t page_size) { return (pages * page_size) >> 20; }

// One node and page size of the plan: the guests' pages there by name, the rest the switch's.
HugepageNeed need_of(const topology::HugepageReservation& reservation,
                     const topology::Placement& placement, bool switch_needs_memory) {
  HugepageNeed need{reservation.numa_node, reservation.page_size, 0, {}};
  uint64_t guest_pages = 0;
  for (const topology::GuestPlacement& guest : placement.guests) {
    if (guest.numa_node != reservation.numa_node || guest.hugepage_size != reservation.page_size) {
      continue;
    }
    guest_pages += guest.hugepages;
    need.consumers.push_back(fmt::format("guest {} {} MB", guest.name, guest.memory_mb));
  }
  need.pages = guest_pages;
  uint64_t switch_pages = reservation.pages > guest_pages ? reservation.pages - guest_pages : 0;
  if (switch_needs_memory && switch_pages > 0) {
    need.pages += switch_pages;
    need.consumers.insert(need.consumers.begin(),
                          fmt::format("switch {} MB", megabytes(switch_pages, need.page_size)));
  }
  return need;
}

std::vector<CpuNeed> cpu_needs(const topology::Placement& placement, const SwitchRuntime& runtime) {
  std::vector<uint32_t> pmds = runtime.pmd_cpus;
  if (!runtime.running) {
    for (const topology::PmdPlacement& pmd : placement.pmds) pmds.push_back(pmd.cpu);
  }
  std::sort(pmds.begin(), pmds.end());
  pmds.erase(std::unique(pmds.begin(), pmds.end()), pmds.end());
  std::vector<CpuNeed> needs;
  for (uint32_t cpu : pmds) needs.push_back({fmt::format("PMD CPU {}", cpu), {cpu}});
  for (const topology::GuestPlacement& guest : placement.guests) {
    if (guest.cpu_policy != config::CpuPolicy::kDedicated || guest.vcpu_cpus.empty()) continue;
    std::vector<uint32_t> cpus = guest.vcpu_cpus;
    std::sort(cpus.begin(), cpus.end());
    needs.push_back({fmt::format("guest {} vCPU CPUs {}", guest.name, format_id_list(cpus)), cpus});
  }
  return needs;
}

std::vector<std::string> passthrough_of(const config::ApplianceConfig& config) {
  std::vector<std::string> users;
  for (const config::PortConfig& port : config.ports) {
    if (!port.device.empty()) {
      users.push_back(fmt::format("switch port {} (device {})", port.name, port.device));
    }
  }
  for (const config::SriovPfConfig& pf : config.sriov) {
    if (pf.vfs > 0) users.push_back(fmt::format("sriov {} ({} VFs)", pf.pf, pf.vfs));
  }
  for (const config::GuestConfig& guest : config.guests) {
    size_t vfs = std::count_if(guest.interfaces.begin(), guest.interfaces.end(),
                               [](const auto& i) { return i.type == config::InterfaceType::kVf; });
    if (vfs > 0) users.push_back(fmt::format("guest {} ({} VF interface(s))", guest.name, vfs));
    if (guest.gpus > 0)
      users.push_back(fmt::format("guest {} ({} GPU(s))", guest.name, guest.gpus));
  }
  return users;
}

std::string bdf_of(const topology::VfAssignment& vf) { return vf.vf_bdf.value_or(vf.pf_bdf); }

// The GPU<->NIC pairs of the guests with GPUs, and every device each of them is given.
void add_gpu_pairs(const topology::Placement& placement, Requirements& needs) {
  for (const topology::GuestPlacement& guest : placement.guests) {
    if (guest.gpus.empty()) continue;
    GuestDevices devices{guest.name, {}};
    for (const topology::GpuPlacement& gpu : guest.gpus) {
      GpuNicPair pair{guest.name, gpu.gpu_bdf, "", "", false};
      if (gpu.nic) {
        pair.nic_bdf = bdf_of(*gpu.nic);
        pair.pf_bdf = gpu.nic->pf_bdf;
        pair.vf_pending = !gpu.nic->vf_bdf.has_value();
        // A VF not created yet is no device of the guest; its PF never is one.
        if (!pair.vf_pending) devices.bdfs.push_back(pair.nic_bdf);
      }
      devices.bdfs.push_back(gpu.gpu_bdf);
      needs.gpu_pairs.push_back(std::move(pair));
    }
    for (const topology::InterfacePlacement& interface : guest.interfaces) {
      if (interface.vf && interface.vf->vf_bdf) devices.bdfs.push_back(*interface.vf->vf_bdf);
    }
    needs.guest_devices.push_back(std::move(devices));
  }
}

}  // namespace

std::vector<std::string> Requirements::pcie_devices() const {
  std::vector<std::string> bdfs;
  for (const GpuNicPair& pair : gpu_pairs) {
    bdfs.push_back(pair.gpu_bdf);
    if (!pair.nic_bdf.empty()) bdfs.push_back(pair.nic_bdf);
  }
  return bdfs;
}

SwitchRuntime runtime_of(const api::SwitchInfo& info) {
  SwitchRuntime runtime;
  runtime.running = true;
  for (const api::PmdSummary& pmd : info.pmds) runtime.pmd_cpus.push_back(pmd.cpu);
  runtime.no_huge =
      std::find(info.eal_args.begin(), info.eal_args.end(), "--no-huge") != info.eal_args.end();
  return runtime;
}

Requirements requirements_of(const config::ApplianceConfig& config,
                             const topology::Placement& placement, const SwitchRuntime& runtime) {
  Requirements needs;
  bool switch_needs_memory = config.switch_config.enabled && !runtime.running && !runtime.no_huge;
  for (const topology::HugepageReservation& reservation : placement.hugepages) {
    HugepageNeed need = need_of(reservation, placement, switch_needs_memory);
    if (need.pages > 0) needs.hugepages.push_back(std::move(need));
  }
  needs.cpus = cpu_needs(placement, runtime);
  needs.passthrough = passthrough_of(config);
  add_gpu_pairs(placement, needs);
  for (const config::GuestConfig& guest : config.guests) {
    const config::GuestBoot& boot = guest.boot;
    for (auto [what, path] : {std::pair{"kernel", &boot.kernel}, std::pair{"initrd", &boot.initrd},
                              std::pair{"disk", &boot.disk}}) {
      if (!path->empty()) needs.files.push_back({"guest " + guest.name, what, *path});
    }
  }
  return needs;
}

}  // namespace nfv::preflight
