// guests[] and their interfaces. A vhost interface is a switch port like ports[] entries:
// its name (default <guest>-<index>) and options follow the same rules.
#include <fmt/format.h>

#include "nfv/common/strings.h"
#include "parse_common.h"

namespace nfv::config::detail {
namespace {

Result<std::string> read_mac(const YamlCursor& at) {
  auto mac = at.string();
  if (!mac) return mac;
  auto parsed = parse_mac(*mac);
  if (!parsed) return at.error(parsed.error().message);
  if ((*parsed)[0] & 0x01) return at.error(fmt::format("{} is a multicast MAC", *mac));
  return format_mac(*parsed);
}

Result<uint32_t> read_ring_size(const YamlCursor& at) {
  auto size = at.uint(256, 1024);
  if (!size) return std::move(size).error();
  if (*size != 256 && *size != 512 && *size != 1024) {
    return at.error(fmt::format("must be 256, 512 or 1024 (got {})", *size));
  }
  return static_cast<uint32_t>(*size);
}

Result<std::string> read_path(const YamlCursor& at) {
  auto path = at.string();
  if (!path) return path;
  if (path->empty() || path->front() != '/') {
    return at.error(fmt::format("'{}' is not an absolute path", *path));
  }
  return path;
}

Status parse_vhost_interface(const YamlCursor& entry, InterfaceConfig& interface) {
  if (auto pf = entry.child("pf"); pf.present()) return pf.error("only vf interfaces take a pf");
  if (auto vlan = entry.child("vlan"); vlan.present() && vlan.is_scalar()) {
    return vlan.error("a vhost interface's VLAN is a port option: vlan: {mode: access, ...}");
  }
  NFV_TRY(read_optional(entry.child("ring_size"), interface.ring_size, read_ring_size));
  if (auto name = entry.child("name"); name.present()) {
    NFV_TRY(read_optional(name, interface.name, text()));
    NFV_TRY(check_name(name, interface.name));
  }
  NFV_TRY(read_optional(entry.child("bridge"), interface.bridge, text()));
  return parse_port_options(entry, interface.options);
}

Status parse_vf_interface(const YamlCursor& entry, InterfaceConfig& interface) {
  for (std::string_view key : with_port_option_keys({"name", "bridge", "ring_size"})) {
    if (key == "vlan") continue;
    if (auto at = entry.child(key); at.present()) {
      return at.error("vf interfaces bypass the switch: no " + std::string(key));
    }
  }
  NFV_TRY(read_optional(entry.child("pf"), interface.pf, text()));
  NFV_TRY(read_optional(entry.child("vlan"), interface.vlan, whole_number(0, 4094)));
  if (interface.pf == "auto") interface.pf.clear();
  return ok_status();
}

Status parse_interface(const YamlCursor& entry, InterfaceConfig& interface) {
  YamlCursor type = entry.child("type");
  if (!type.present()) return type.error("missing (vhost or vf)");
  NFV_TRY(read_optional(
      type, interface.type,
      one_of<InterfaceType>({{"vhost", InterfaceType::kVhost}, {"vf", InterfaceType::kVf}})));
  NFV_TRY(read_optional(entry.child("mac"), interface.mac, read_mac));
  if (interface.type == InterfaceType::kVhost) return parse_vhost_interface(entry, interface);
  return parse_vf_interface(entry, interface);
}

Status parse_guest_resources(const YamlCursor& entry, GuestConfig& guest) {
  NFV_TRY(read_optional(entry.child("role"), guest.role,
                        one_of<GuestRole>({{"vnf", GuestRole::kVnf}, {"ai", GuestRole::kAi}})));
  NFV_TRY(read_optional(entry.child("vcpus"), guest.vcpus, whole_number(1, 1024)));
  NFV_TRY(read_optional(
      entry.child("cpu_policy"), guest.cpu_policy,
      one_of<CpuPolicy>({{"dedicated", CpuPolicy::kDedicated}, {"shared", CpuPolicy::kShared}})));
  NFV_TRY(parse_hugepage_memory(entry, guest.memory_mb, guest.hugepage_size));
  NFV_TRY(read_optional(entry.child("memory_backing"), guest.memory_backing,
                        one_of<MemoryBacking>({{"hugepages", MemoryBacking::kHugepages},
                                               {"memfd", MemoryBacking::kMemfd}})));
  if (auto numa = entry.child("numa"); numa.present()) {
    auto text = numa.string();
    if (!text) return std::move(text).error();
    if (*text != "auto") {
      auto node = numa.uint(0, 1023);
      if (!node) {
        return numa.error(fmt::format("must be auto or a NUMA node number (got '{}')", *text));
      }
      guest.numa = static_cast<uint32_t>(*node);
    }
  }
  return ok_status();
}

Status parse_guest_gpus(const YamlCursor& entry, GuestConfig& guest) {
  YamlCursor gpus = entry.child("gpus");
  NFV_TRY(read_optional(gpus, guest.gpus, whole_number(0, 64)));
  if (guest.gpus > 0 && guest.role != GuestRole::kAi) {
    return gpus.error("only ai guests take GPUs (set role: ai)");
  }
  return read_optional(entry.child("nic_per_gpu"), guest.nic_per_gpu, yes_no());
}

Status parse_guest_boot(const YamlCursor& entry, GuestConfig& guest) {
  YamlCursor disk = entry.child("disk");
  NFV_TRY(read_optional(disk, guest.boot.disk, read_path));
  YamlCursor boot = entry.child("boot");
  if (!boot.present()) return ok_status();
  if (disk.present()) return boot.error("give either boot (a kernel) or disk, not both");
  NFV_TRY(boot.expect_map({"kernel", "initrd", "cmdline"}));
  YamlCursor kernel = boot.child("kernel");
  if (!kernel.present()) return kernel.error("missing (the guest kernel's absolute path)");
  NFV_TRY(read_optional(kernel, guest.boot.kernel, read_path));
  NFV_TRY(read_optional(boot.child("initrd"), guest.boot.initrd, read_path));
  return read_optional(boot.child("cmdline"), guest.boot.cmdline, text());
}

Status parse_guest(const YamlCursor& entry, GuestConfig& guest) {
  NFV_TRY(parse_guest_resources(entry, guest));
  NFV_TRY(parse_guest_gpus(entry, guest));
  NFV_TRY(parse_guest_boot(entry, guest));
  NFV_TRY(parse_list(entry.child("interfaces"),
                     with_port_option_keys({"type", "name", "bridge", "pf", "mac", "ring_size"}),
                     guest.interfaces, parse_interface));
  for (size_t k = 0; k < guest.interfaces.size(); ++k) {
    InterfaceConfig& interface = guest.interfaces[k];
    if (interface.type == InterfaceType::kVhost && interface.name.empty()) {
      interface.name = fmt::format("{}-{}", guest.name, k);
    }
  }
  return ok_status();
}

}  // namespace

Status parse_guests(const YamlCursor& at, std::vector<GuestConfig>& guests) {
  return parse_named_list(
      at, "guest",
      {"name", "role", "vcpus", "cpu_policy", "memory_mb", "hugepage_size", "memory_backing",
       "numa", "interfaces", "gpus", "nic_per_gpu", "boot", "disk"},
      guests, parse_guest);
}

}  // namespace nfv::config::detail
