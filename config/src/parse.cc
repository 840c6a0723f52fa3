// YAML -> ApplianceConfig. Sections are read in dependency order (ports, bridges, guests) so
// every cross-reference is checked where it is written, with its own path and line.
#include "nfv/config/parse.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "nfv/common/strings.h"
#include "yaml_cursor.h"

namespace nfv::config {
namespace {

using detail::YamlCursor;

constexpr uint64_t kMaxCpuId = 4095;
constexpr uint64_t kMaxMemoryMb = 64ULL << 20;  // 64 TiB
constexpr size_t kMaxNameLength = 32;

// Names become socket files and libvirt domain names: keep them plain.
Status check_name(const YamlCursor& at, const std::string& name) {
  bool plain = !name.empty() && name.size() <= kMaxNameLength &&
               std::isalpha(static_cast<unsigned char>(name[0]));
  for (char c : name) {
    plain =
        plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
  }
  if (!plain) {
    return at.error(fmt::format(
        "'{}' is not a valid name (a letter, then letters, digits, '-', '_' or '.'; at most {})",
        name, kMaxNameLength));
  }
  return ok_status();
}

Result<std::string> read_name(const YamlCursor& entry, std::set<std::string>& seen,
                              std::string_view what) {
  YamlCursor at = entry.child("name");
  if (!at.present()) return at.error("missing (every " + std::string(what) + " needs a name)");
  auto name = at.string();
  if (!name) return name;
  NFV_TRY(check_name(at, *name));
  if (!seen.insert(*name).second) {
    return at.error(fmt::format("{} '{}' is defined twice", what, *name));
  }
  return name;
}

Result<uint64_t> read_page_size(const YamlCursor& at) {
  return at.choice<uint64_t>({{"2M", kPageSize2M}, {"1G", kPageSize1G}});
}

Status check_memory_fits_pages(const YamlCursor& at, uint64_t memory_mb, uint64_t page_size) {
  if ((memory_mb << 20) % page_size != 0) {
    return at.error(fmt::format("{} MB is not a whole number of {} hugepages", memory_mb,
                                page_size_name(page_size)));
  }
  return ok_status();
}

Result<std::vector<uint32_t>> read_cpu_list(const YamlCursor& at) {
  auto text = at.string();
  if (!text) return std::move(text).error();
  auto cpus = parse_id_list(*text, "CPU list", kMaxCpuId);
  if (!cpus) return at.error(cpus.error().message + " (write CPUs like \"2,3\" or \"2-5,8\")");
  return cpus;
}

// Reads key `at` with `read` into `field` when present; an absent key keeps the default.
template <typename T, typename Read>
Status read_optional(const YamlCursor& at, T& field, Read read) {
  if (!at.present()) return ok_status();
  auto value = read(at);
  if (!value) return std::move(value).error();
  field = static_cast<T>(*value);
  return ok_status();
}

auto whole_number(uint64_t min, uint64_t max) {
  return [min, max](const YamlCursor& at) { return at.uint(min, max); };
}

template <typename T>
auto one_of(std::vector<std::pair<std::string_view, T>> choices) {
  return [choices = std::move(choices)](const YamlCursor& at) { return at.choice(choices); };
}

// memory_mb and hugepage_size, shared by the switch and guests: a whole number of pages.
Status read_hugepage_memory(const YamlCursor& at, uint64_t& memory_mb, uint64_t& page_size) {
  NFV_TRY(read_optional(at.child("hugepage_size"), page_size, read_page_size));
  YamlCursor memory = at.child("memory_mb");
  NFV_TRY(read_optional(memory, memory_mb, whole_number(64, kMaxMemoryMb)));
  return check_memory_fits_pages(memory, memory_mb, page_size);
}

Status parse_host(const YamlCursor& at, HostConfig& host) {
  if (!at.present()) return ok_status();
  NFV_TRY(at.expect_map({"housekeeping_cpus", "reserved_memory_mb", "reserved_devices"}));
  NFV_TRY(read_optional(at.child("housekeeping_cpus"), host.housekeeping_cpus, read_cpu_list));
  NFV_TRY(read_optional(at.child("reserved_memory_mb"), host.reserved_memory_mb,
                        whole_number(0, kMaxMemoryMb)));
  if (auto devices = at.child("reserved_devices"); devices.present()) {
    NFV_TRY(devices.expect_sequence());
    for (size_t i = 0; i < devices.size(); ++i) {
      auto device = devices.item(i).string();
      if (!device) return std::move(device).error();
      host.reserved_devices.push_back(*device);
    }
  }
  return ok_status();
}

Status parse_switch(const YamlCursor& at, SwitchConfig& sw) {
  if (!at.present()) return ok_status();
  NFV_TRY(at.expect_map({"pmd_cores", "pmd_cpus", "memory_mb", "hugepage_size"}));
  sw.enabled = true;
  YamlCursor cores = at.child("pmd_cores");
  YamlCursor cpus = at.child("pmd_cpus");
  if (cores.present() && cpus.present()) {
    return cpus.error("give either pmd_cores (a count, auto-placed) or pmd_cpus (a CPU list)");
  }
  NFV_TRY(read_optional(cores, sw.pmd_cores, whole_number(0, kMaxCpuId + 1)));
  NFV_TRY(read_optional(cpus, sw.pmd_cpus, read_cpu_list));
  if (!sw.pmd_cpus.empty()) sw.pmd_cores = static_cast<uint32_t>(sw.pmd_cpus.size());
  return read_hugepage_memory(at, sw.memory_mb, sw.hugepage_size);
}

// A list of named mappings (ports, bridges, guests): each entry a mapping of `keys` with a
// unique name; `parse` reads the rest of the entry.
template <typename Entry, typename Parse>
Status parse_named_list(const YamlCursor& at, std::string_view what,
                        std::initializer_list<std::string_view> keys, std::vector<Entry>& out,
                        Parse parse) {
  if (!at.present()) return ok_status();
  NFV_TRY(at.expect_sequence());
  std::set<std::string> names;
  for (size_t i = 0; i < at.size(); ++i) {
    YamlCursor entry = at.item(i);
    NFV_TRY(entry.expect_map(keys));
    Entry value;
    value.line = entry.line();
    auto name = read_name(entry, names, what);
    if (!name) return std::move(name).error();
    value.name = *name;
    NFV_TRY(parse(entry, value));
    out.push_back(std::move(value));
  }
  return ok_status();
}

Status parse_ports(const YamlCursor& at, std::vector<PortConfig>& ports) {
  return parse_named_list(at, "port", {"name", "device", "vdev"}, ports,
                          [](const YamlCursor& entry, PortConfig& port) -> Status {
                            YamlCursor device = entry.child("device");
                            YamlCursor vdev = entry.child("vdev");
                            if (device.present() == vdev.present()) {
                              return entry.error(
                                  "give exactly one of device (a PCI BDF or netdev name) or "
                                  "vdev (a DPDK virtual device such as \"net_tap0,iface=nfv0\")");
                            }
                            auto value = device.present() ? device.string() : vdev.string();
                            if (!value) return std::move(value).error();
                            (device.present() ? port.device : port.vdev) = *value;
                            return ok_status();
                          });
}

Status parse_bridge_ports(const YamlCursor& ports, const ApplianceConfig& config,
                          std::set<std::string>& bridged, BridgeConfig& bridge) {
  if (!ports.present()) return ok_status();
  NFV_TRY(ports.expect_sequence());
  for (size_t p = 0; p < ports.size(); ++p) {
    auto port = ports.item(p).string();
    if (!port) return std::move(port).error();
    if (config.find_port(*port) == nullptr) {
      return ports.item(p).error(fmt::format("no port named '{}' (define it under ports:)", *port));
    }
    if (!bridged.insert(*port).second) {
      return ports.item(p).error(fmt::format("port '{}' is already in a bridge", *port));
    }
    bridge.ports.push_back(*port);
  }
  return ok_status();
}

Status parse_bridges(const YamlCursor& at, ApplianceConfig& config) {
  std::set<std::string> bridged;
  NFV_TRY(parse_named_list(at, "bridge", {"name", "ports"}, config.bridges,
                           [&](const YamlCursor& entry, BridgeConfig& bridge) {
                             return parse_bridge_ports(entry.child("ports"), config, bridged,
                                                       bridge);
                           }));
  if (!config.bridges.empty() && !config.switch_config.enabled) {
    return at.error("bridges need the switch: add a switch: section");
  }
  return ok_status();
}

Result<InterfaceConfig> parse_interface(const YamlCursor& entry, const ApplianceConfig& config) {
  NFV_TRY(entry.expect_map({"type", "bridge", "pf"}));
  InterfaceConfig interface;
  interface.line = entry.line();
  YamlCursor type = entry.child("type");
  if (!type.present()) return type.error("missing (vhost or vf)");
  auto kind =
      type.choice<InterfaceType>({{"vhost", InterfaceType::kVhost}, {"vf", InterfaceType::kVf}});
  if (!kind) return std::move(kind).error();
  interface.type = *kind;
  YamlCursor bridge = entry.child("bridge");
  YamlCursor pf = entry.child("pf");
  if (interface.type == InterfaceType::kVhost) {
    if (pf.present()) return pf.error("only vf interfaces take a pf");
    if (!bridge.present()) return bridge.error("missing (the bridge this vhost port joins)");
    auto name = bridge.string();
    if (!name) return std::move(name).error();
    if (config.find_bridge(*name) == nullptr) {
      return bridge.error(fmt::format("no bridge named '{}' (define it under bridges:)", *name));
    }
    interface.bridge = *name;
  } else {
    if (bridge.present()) return bridge.error("vf interfaces bypass the switch: no bridge");
    if (pf.present()) {
      auto name = pf.string();
      if (!name) return std::move(name).error();
      if (*name != "auto") interface.pf = *name;
    }
  }
  return interface;
}

Status parse_guest_resources(const YamlCursor& entry, GuestConfig& guest) {
  NFV_TRY(read_optional(entry.child("role"), guest.role,
                        one_of<GuestRole>({{"vnf", GuestRole::kVnf}, {"ai", GuestRole::kAi}})));
  NFV_TRY(read_optional(entry.child("vcpus"), guest.vcpus, whole_number(1, 1024)));
  NFV_TRY(read_optional(
      entry.child("cpu_policy"), guest.cpu_policy,
      one_of<CpuPolicy>({{"dedicated", CpuPolicy::kDedicated}, {"shared", CpuPolicy::kShared}})));
  NFV_TRY(read_hugepage_memory(entry, guest.memory_mb, guest.hugepage_size));
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
  return read_optional(entry.child("nic_per_gpu"), guest.nic_per_gpu,
                       [](const YamlCursor& at) { return at.boolean(); });
}

Status parse_guests(const YamlCursor& at, ApplianceConfig& config) {
  return parse_named_list(at, "guest",
                          {"name", "role", "vcpus", "cpu_policy", "memory_mb", "hugepage_size",
                           "numa", "interfaces", "gpus", "nic_per_gpu"},
                          config.guests,
                          [&config](const YamlCursor& entry, GuestConfig& guest) -> Status {
                            NFV_TRY(parse_guest_resources(entry, guest));
                            NFV_TRY(parse_guest_gpus(entry, guest));
                            YamlCursor interfaces = entry.child("interfaces");
                            if (!interfaces.present()) return ok_status();
                            NFV_TRY(interfaces.expect_sequence());
                            for (size_t k = 0; k < interfaces.size(); ++k) {
                              auto interface = parse_interface(interfaces.item(k), config);
                              if (!interface) return std::move(interface).error();
                              guest.interfaces.push_back(std::move(*interface));
                            }
                            return ok_status();
                          });
}

Status parse_policy(const YamlCursor& at, PolicyConfig& policy) {
  if (!at.present()) return ok_status();
  NFV_TRY(at.expect_map({"smt", "cross_numa", "emulator_threads", "assumed_vfs_per_pf"}));
  NFV_TRY(read_optional(
      at.child("smt"), policy.smt,
      one_of<SmtPolicy>({{"isolate", SmtPolicy::kIsolate}, {"share", SmtPolicy::kShare}})));
  NFV_TRY(read_optional(at.child("cross_numa"), policy.cross_numa,
                        one_of<CrossNumaPolicy>({{"warn", CrossNumaPolicy::kWarn},
                                                 {"forbid", CrossNumaPolicy::kForbid}})));
  NFV_TRY(read_optional(at.child("emulator_threads"), policy.emulator_threads,
                        one_of<EmulatorThreads>({{"housekeeping", EmulatorThreads::kHousekeeping},
                                                 {"dedicated", EmulatorThreads::kDedicated}})));
  return read_optional(at.child("assumed_vfs_per_pf"), policy.assumed_vfs_per_pf,
                       whole_number(0, 4096));
}

Status check_switch_needs(const YamlCursor& root, const ApplianceConfig& config) {
  bool has_vhost = false;
  for (const auto& guest : config.guests) {
    for (const auto& interface : guest.interfaces) {
      has_vhost = has_vhost || interface.type == InterfaceType::kVhost;
    }
  }
  bool needs_pmds = has_vhost || !config.ports.empty();
  if (needs_pmds && !config.switch_config.enabled) {
    return root.child("ports").error("ports need the switch: add a switch: section");
  }
  if (needs_pmds && config.switch_config.pmd_cores == 0) {
    return root.child("switch")
        .child("pmd_cores")
        .error("must be >= 1: ports and vhost interfaces need a PMD to poll them");
  }
  return ok_status();
}

}  // namespace

Result<ApplianceConfig> parse_config(std::string_view yaml, std::string_view origin) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return make_error("{}: line {}, column {}: {} (not valid YAML)", origin, e.mark.line + 1,
                      e.mark.column + 1, e.msg);
  }
  ApplianceConfig config;
  config.origin = std::string(origin);
  YamlCursor top(config.origin, root);
  if (!top.present()) return make_error("{}: empty config (see config/SCHEMA.md)", origin);
  NFV_TRY(top.expect_map({"host", "switch", "ports", "bridges", "guests", "policy"}));
  NFV_TRY(parse_host(top.child("host"), config.host));
  NFV_TRY(parse_switch(top.child("switch"), config.switch_config));
  NFV_TRY(parse_ports(top.child("ports"), config.ports));
  NFV_TRY(parse_bridges(top.child("bridges"), config));
  NFV_TRY(parse_guests(top.child("guests"), config));
  NFV_TRY(parse_policy(top.child("policy"), config.policy));
  NFV_TRY(check_switch_needs(top, config));
  return config;
}

Result<ApplianceConfig> load_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error("config {}: cannot open ({})", path, std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

}  // namespace nfv::config
