// guests[] as reconcile's desired state, and the warnings of an apply without a guest manager.
#include <fmt/format.h>

#include "nfv/common/stable_hash.h"
#include "nfv/nfvd/guest_host.h"
#include "nfv/reconcile/guest_reconcile.h"

namespace nfv::nfvd {
namespace {

using reconcile::GuestInterface;

GuestInterface vhost_interface(const config::ApplianceConfig& config,
                               const config::InterfaceConfig& interface,
                               const std::string& vhost_dir) {
  GuestInterface out;
  out.type = GuestInterface::Type::kVhost;
  out.name = interface.name;
  out.socket = vhost_dir + "/" + interface.name + ".sock";
  // The switch as a client means QEMU serves the socket, and the other way round.
  out.guest_serves_socket = config.switch_config.vhost_mode == config::VhostMode::kClient;
  out.queues = std::max<uint32_t>(1, interface.options.queues.value_or(1));
  out.ring_size = interface.ring_size;
  return out;
}

GuestInterface vf_interface(const config::InterfaceConfig& interface,
                            const topology::InterfacePlacement* placed) {
  GuestInterface out;
  out.type = GuestInterface::Type::kVf;
  out.name = interface.pf;
  out.vlan = interface.vlan;
  if (placed != nullptr && placed->vf) {
    if (out.name.empty()) out.name = placed->vf->pf_bdf;
    out.vf_bdf = placed->vf->vf_bdf.value_or("");
  }
  return out;
}

const topology::GuestPlacement* placement_of(const topology::Placement* placement,
                                             const std::string& name) {
  if (placement == nullptr) return nullptr;
  for (const auto& guest : placement->guests) {
    if (guest.name == name) return &guest;
  }
  return nullptr;
}

const topology::InterfacePlacement* interface_placement(const topology::GuestPlacement* guest,
                                                        size_t index) {
  if (guest == nullptr) return nullptr;
  for (const auto& interface : guest->interfaces) {
    if (interface.index == index) return &interface;
  }
  return nullptr;
}

reconcile::GuestGpu gpu_of(const topology::GpuPlacement& placed, const GuestMapping& mapping) {
  reconcile::GuestGpu gpu{placed.gpu_bdf, "", "", ""};
  if (!placed.nic) return gpu;
  gpu.nic_vf =
      mapping.vf_address ? mapping.vf_address(*placed.nic) : placed.nic->vf_bdf.value_or("");
  if (placed.pcie_class) gpu.pcie_class = topology::to_string(*placed.pcie_class);
  gpu.pcie_switch = placed.shared_switch;
  return gpu;
}

void apply_placement(const topology::GuestPlacement& placed, const GuestMapping& mapping,
                     reconcile::GuestState& guest) {
  guest.numa = placed.numa_node;
  guest.vcpus_pinned = placed.cpu_policy == config::CpuPolicy::kDedicated;
  guest.vcpu_cpus = placed.vcpu_cpus;
  guest.emulator_cpus = placed.emulator_cpus;
  for (const auto& gpu : placed.gpus) guest.gpus.push_back(gpu_of(gpu, mapping));
}

reconcile::GuestState guest_of(const config::ApplianceConfig& config,
                               const config::GuestConfig& entry, const std::string& vhost_dir,
                               const topology::GuestPlacement* placed,
                               const GuestMapping& mapping) {
  reconcile::GuestState guest;
  guest.name = entry.name;
  guest.vcpus = entry.vcpus;
  guest.memory_mb = entry.memory_mb;
  guest.memfd = entry.memory_backing == config::MemoryBacking::kMemfd;
  guest.hugepage_size = guest.memfd ? 0 : entry.hugepage_size;
  guest.numa = entry.numa;
  guest.boot = {entry.boot.kernel, entry.boot.initrd, entry.boot.cmdline, entry.boot.disk};
  if (placed != nullptr) apply_placement(*placed, mapping, guest);
  for (size_t k = 0; k < entry.interfaces.size(); ++k) {
    const config::InterfaceConfig& interface = entry.interfaces[k];
    GuestInterface out = interface.type == config::InterfaceType::kVhost
                             ? vhost_interface(config, interface, vhost_dir)
                             : vf_interface(interface, interface_placement(placed, k));
    out.mac = interface.mac.empty() ? derived_guest_mac(entry.name, k) : interface.mac;
    guest.interfaces.push_back(std::move(out));
  }
  return guest;
}

std::string_view not_done(reconcile::Action action) {
  switch (action) {
    case reconcile::Action::kCreate:
      return "not created";
    case reconcile::Action::kChange:
      return "not changed";
    case reconcile::Action::kDelete:
      return "not deleted";
  }
  return "not done";
}

}  // namespace

std::string derived_guest_mac(const std::string& guest, size_t interface) {
  uint64_t hash = stable_hash(fmt::format("{}/{}", guest, interface));
  // 52:54:00 is QEMU's prefix, known to operators as "a VM's NIC"; it is locally administered.
  return fmt::format("52:54:00:{:02x}:{:02x}:{:02x}", (hash >> 16) & 0xff, (hash >> 8) & 0xff,
                     hash & 0xff);
}

std::string effective_vhost_dir(const config::ApplianceConfig& config,
                                const std::string& switch_dir) {
  if (!config.switch_config.vhost_dir.empty()) return config.switch_config.vhost_dir;
  if (!switch_dir.empty()) return switch_dir;
  return "/run/nfv-switch/" + config.switch_config.file_prefix;
}

reconcile::GuestStates desired_guest_state(const config::ApplianceConfig& config,
                                           const GuestMapping& mapping) {
  std::string vhost_dir = effective_vhost_dir(config, mapping.switch_vhost_dir);
  reconcile::GuestStates guests;
  for (const config::GuestConfig& entry : config.guests) {
    guests[entry.name] =
        guest_of(config, entry, vhost_dir, placement_of(mapping.placement, entry.name), mapping);
  }
  return guests;
}

StepsWithoutGuests without_guest_steps(const std::vector<reconcile::Step>& steps) {
  StepsWithoutGuests out;
  for (const auto& step : steps) {
    if (!reconcile::is_guest_step(step)) {
      out.runnable.push_back(step);
      continue;
    }
    out.warnings.push_back(api::PreflightFinding{
        "warning", "guest " + step.name,
        fmt::format("guest {}: {}: nfvd runs without a guest manager", step.name,
                    not_done(step.action)),
        "the guest is not as the config says: " + step.reason,
        "start nfvd with --guests libvirt (the default) and a libvirtd answering at its "
        "--libvirt-uri"});
  }
  return out;
}

}  // namespace nfv::nfvd
