// A guest's desired state -> its domain spec, and the desired state's JSON form.
#include "nfv/guests/guest_domain.h"

namespace nfv::guests {
namespace {

void add_interfaces(const reconcile::GuestState& guest, DomainSpec& spec) {
  for (const auto& interface : guest.interfaces) {
    if (interface.type == reconcile::GuestInterface::Type::kVhost) {
      spec.vhost.push_back({interface.name, interface.socket, interface.guest_serves_socket,
                            interface.queues, interface.ring_size, interface.mac});
    } else {
      spec.vfs.push_back({interface.vf_bdf, interface.mac, interface.vlan});
    }
  }
}

}  // namespace

const char* accelerator_name(Accelerator accelerator) {
  return accelerator == Accelerator::kKvm ? "kvm" : "tcg";
}

DomainSpec domain_spec_of(const reconcile::GuestState& guest, const DomainContext& context) {
  DomainSpec spec;
  spec.name = guest.name;
  spec.accelerator = context.accelerator;
  spec.vcpus = guest.vcpus;
  spec.memory_mb = guest.memory_mb;
  spec.backing = guest.memfd ? MemoryBacking::kMemfd : MemoryBacking::kHugepages;
  if (guest.hugepage_size != 0) spec.hugepage_kb = guest.hugepage_size / 1024;
  spec.numa_node = guest.numa;
  spec.vcpu_pinned = guest.vcpus_pinned && guest.vcpu_cpus.size() == guest.vcpus;
  spec.vcpu_cpus = guest.vcpu_cpus;
  spec.emulator_cpus = guest.emulator_cpus;
  add_interfaces(guest, spec);
  for (const auto& gpu : guest.gpus) spec.gpus.push_back({gpu.gpu, gpu.nic_vf, gpu.pcie_switch});
  spec.boot = {guest.boot.kernel, guest.boot.initrd, guest.boot.cmdline, guest.boot.disk, ""};
  if (!context.console_dir.empty()) {
    spec.console_log = context.console_dir + "/" + guest.name + ".console.log";
    spec.console_socket = context.console_dir + "/" + guest.name + ".console.sock";
    if (!spec.gpus.empty()) {
      spec.nccl_topology_file = context.console_dir + "/" + guest.name + ".nccl-topo.xml";
    }
  }
  spec.desired_json = guest_state_json(guest);
  return spec;
}

std::string guest_state_json(const reconcile::GuestState& guest) {
  return reconcile::guest_to_json_text(guest);
}

Result<reconcile::GuestState> guest_state_from_json(const std::string& text) {
  return reconcile::guest_from_json_text(text);
}

}  // namespace nfv::guests
