// What a domain spec must satisfy before its XML goes to libvirt: the faults libvirt or QEMU
// would report late and obscurely (or not at all), named with the guest and the fix.
#include <cctype>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "nfv/common/strings.h"
#include "nfv/guests/domain_spec.h"
#include "nfv/guests/guest_pcie_layout.h"

namespace nfv::guests {
namespace {

constexpr size_t kMaxSocketPath = 107;  // sun_path less its terminating NUL

// Length of the UTF-8 sequence starting with `lead`, 0 if no sequence starts so.
size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// The range of a UTF-8 sequence's second byte after `lead`: narrower than 80-BF after E0, ED,
// F0 and F4 (no overlong forms, surrogates or code points past U+10FFFF).
std::pair<unsigned char, unsigned char> second_byte_range(unsigned char lead) {
  if (lead == 0xE0) return {0xA0, 0xBF};
  if (lead == 0xED) return {0x80, 0x9F};
  if (lead == 0xF0) return {0x90, 0xBF};
  if (lead == 0xF4) return {0x80, 0x8F};
  return {0x80, 0xBF};
}

// XML carries UTF-8 text without control characters (domain_xml() would replace them).
bool xml_safe(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    size_t length = utf8_length(byte);
    if (length == 0 || i + length > text.size() || byte < 0x20 || byte == 0x7F) return false;
    for (size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      auto [low, high] =
          k == 1 ? second_byte_range(byte) : std::pair<unsigned char, unsigned char>{0x80, 0xBF};
      if (next < low || next > high) return false;
    }
    i += length;
  }
  return true;
}

// "0000:3b:02.1": hex domain (4), bus (2), slot (2), function (1).
bool pci_address(std::string_view bdf) {
  constexpr std::string_view kShape = "hhhh:hh:hh.h";
  if (bdf.size() != kShape.size()) return false;
  for (size_t i = 0; i < bdf.size(); ++i) {
    bool hex = std::isxdigit(static_cast<unsigned char>(bdf[i])) != 0;
    if (kShape[i] == 'h' ? !hex : bdf[i] != kShape[i]) return false;
  }
  return true;
}

Status check_strings(const DomainSpec& spec) {
  std::vector<std::pair<std::string_view, const std::string*>> fields{
      {"name", &spec.name},
      {"kernel", &spec.boot.kernel},
      {"initrd", &spec.boot.initrd},
      {"kernel command line", &spec.boot.cmdline},
      {"disk", &spec.boot.disk},
      {"console log", &spec.console_log},
      {"console socket", &spec.console_socket},
      {"NCCL topology file", &spec.nccl_topology_file},
      {"desired state", &spec.desired_json}};
  for (const auto& port : spec.vhost) {
    fields.emplace_back("port name", &port.port);
    fields.emplace_back("port socket", &port.socket);
  }
  for (const auto& [what, text] : fields) {
    if (!xml_safe(*text)) {
      return make_error("guest {}: its {} holds a control character or is not UTF-8; fix it",
                        spec.name, what);
    }
  }
  if (spec.name.empty() || spec.name.find('/') != std::string::npos) {
    return make_error("guest '{}': a libvirt domain name is not empty and has no '/'", spec.name);
  }
  return ok_status();
}

Status check_resources(const DomainSpec& spec) {
  if (spec.vcpus == 0 || spec.memory_mb == 0) {
    return make_error("guest {}: needs at least one vCPU and some memory", spec.name);
  }
  uint64_t memory_kib = spec.memory_mb * 1024;
  if (spec.backing == MemoryBacking::kHugepages &&
      (spec.hugepage_kb == 0 || memory_kib % spec.hugepage_kb != 0)) {
    return make_error("guest {}: {} MiB of memory is not a whole number of {} KiB hugepages",
                      spec.name, spec.memory_mb, spec.hugepage_kb);
  }
  if (spec.vcpu_pinned && spec.vcpu_cpus.size() < spec.vcpus) {
    return make_error("guest {}: {} vCPUs pinned on only {} CPUs ({}); give one CPU per vCPU",
                      spec.name, spec.vcpus, spec.vcpu_cpus.size(), format_id_list(spec.vcpu_cpus));
  }
  if (spec.boot.kernel.empty() && spec.boot.disk.empty()) {
    return make_error("guest {}: nothing to boot (neither a kernel nor a disk)", spec.name);
  }
  return ok_status();
}

Status check_vhost(const DomainSpec& spec, const VhostInterface& port) {
  if (port.socket.empty() || port.socket.front() != '/' || port.socket.size() > kMaxSocketPath) {
    return make_error("guest {} port {}: socket '{}' is not an absolute path of at most {} bytes",
                      spec.name, port.port, port.socket, kMaxSocketPath);
  }
  bool power_of_two = (port.ring_size & (port.ring_size - 1)) == 0;
  if (!power_of_two || port.ring_size < 256 || port.ring_size > 1024) {
    return make_error("guest {} port {}: ring size {} is not one QEMU takes (256, 512 or 1024)",
                      spec.name, port.port, port.ring_size);
  }
  if (port.queues == 0) return make_error("guest {} port {}: no queue", spec.name, port.port);
  if (!port.mac.empty() && !parse_mac(port.mac).ok()) {
    return make_error("guest {} port {}: MAC '{}' is not aa:bb:cc:dd:ee:ff", spec.name, port.port,
                      port.mac);
  }
  return ok_status();
}

// Each GPU and VF once, and a layout that fits q35's bus 0 and a switch's ports.
Status check_gpus(const DomainSpec& spec) {
  std::set<std::string> passed;
  for (const auto& vf : spec.vfs) passed.insert(vf.bdf);
  for (const auto& gpu : spec.gpus) {
    if (!pci_address(gpu.bdf)) {
      return make_error("guest {}: GPU '{}' is not a PCI address 0000:00:00.0", spec.name, gpu.bdf);
    }
    if (!gpu.nic_vf.empty() && !pci_address(gpu.nic_vf)) {
      return make_error("guest {}: the NIC VF '{}' of GPU {} is not a PCI address 0000:00:00.0",
                        spec.name, gpu.nic_vf, gpu.bdf);
    }
    if (!passed.insert(gpu.bdf).second) {
      return make_error("guest {}: GPU {} is given twice", spec.name, gpu.bdf);
    }
  }
  GuestPcieLayout layout = guest_pcie_layout(spec.gpus);
  if (layout.groups.size() > kMaxRootPorts) {
    return make_error(
        "guest {}: its GPUs and NIC VFs need {} PCIe root ports, q35 has slots for {}; give it "
        "fewer GPUs, or GPUs that share PCIe switches with their NICs",
        spec.name, layout.groups.size(), kMaxRootPorts);
  }
  // Guest buses are 8 bits; libvirt's own root ports (disk, NICs, rng) come after ours.
  if (layout.controllers > kMaxGuestBuses) {
    return make_error(
        "guest {}: its GPUs and NIC VFs need {} guest PCI buses, at most {} fit; "
        "give it fewer GPUs",
        spec.name, layout.controllers, kMaxGuestBuses);
  }
  for (const auto& group : layout.groups) {
    if (group.devices.size() > kMaxSwitchPorts) {
      return make_error("guest {}: {} devices behind host switch {}; a virtual switch has {} ports",
                        spec.name, group.devices.size(), group.host_switch, kMaxSwitchPorts);
    }
    for (const auto& device : group.devices) {
      if (device.kind == GuestPciDevice::Kind::kNic && !passed.insert(device.host_bdf).second) {
        return make_error("guest {}: NIC VF {} is given twice (to a GPU and as another VF or GPU)",
                          spec.name, device.host_bdf);
      }
    }
  }
  return ok_status();
}

Status check_devices(const DomainSpec& spec) {
  std::set<std::string> aliases;
  for (const auto& port : spec.vhost) {
    NFV_TRY(check_vhost(spec, port));
    if (!aliases.insert(vhost_alias(port.port)).second) {
      return make_error("guest {}: port {} is given twice", spec.name, port.port);
    }
  }
  for (const auto& vf : spec.vfs) {
    if (!pci_address(vf.bdf) || (!vf.mac.empty() && !parse_mac(vf.mac).ok()) || vf.vlan > 4094) {
      return make_error(
          "guest {}: VF '{}' (MAC '{}', VLAN {}) needs a PCI address "
          "0000:00:00.0, a MAC aa:bb:cc:dd:ee:ff or none, a VLAN up to 4094",
          spec.name, vf.bdf, vf.mac, vf.vlan);
    }
  }
  return check_gpus(spec);
}

}  // namespace

Status check_domain_spec(const DomainSpec& spec) {
  NFV_TRY(check_strings(spec));
  NFV_TRY(check_resources(spec));
  return check_devices(spec);
}

}  // namespace nfv::guests
