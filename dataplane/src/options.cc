#include "nfv/dataplane/options.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>

#include "nfv/common/strings.h"
#include "nfv/dataplane/port_policy.h"

namespace nfv::dp {

namespace po = boost::program_options;

namespace {

constexpr const char* kRunDir = "/run/nfv-switch";

std::string usage_text(const po::options_description& all) {
  std::ostringstream out;
  out << "usage: nfv-switch [options]\n\n"
         "The nfv-appliance DPDK virtual switch: PMD threads poll vhost-user and DPDK ports in\n"
         "bursts and forward between them (L2 learning bridges with VLANs, or cross-connects).\n"
         "It is driven at run time over its control socket (nfvctl, JSON-RPC 2.0).\n\n"
      << all
      << "\nPort specs (--port, repeatable):\n"
         "  NAME,type=vhost[,path=SOCKET][,mode=server|client][,queues=N][,tx_retries=N]\n"
         "             vhost-user port; default path VHOST_DIR/NAME.sock, server mode\n"
         "  NAME,type=dpdk,devargs=DEVARGS\n"
         "             DPDK ethdev: a PCI address bound to vfio-pci (0000:3b:02.0) or a vdev\n"
         "             (net_tap0,iface=tap0); devargs= takes the rest of the spec\n"
         "  Optional on both: bridge=BRIDGE, vlan=access:TAG | trunk:VLANS[:NATIVE]\n\n"
         "Examples:\n"
         "  nfv-switch --pmd-cores 1 --port a,type=vhost --port b,type=vhost --xconnect a,b\n"
         "  nfv-switch --bridge br0 --port vm1,type=vhost,bridge=br0,vlan=access:10 \\\n"
         "             --port up0,type=dpdk,bridge=br0,vlan=trunk:10-20,devargs=0000:3b:02.0\n";
  return out.str();
}

Result<api::VlanConfig> parse_vlan_spec(const std::string& text) {
  // access:TAG | trunk[:VLANS[:NATIVE]]
  auto parts = split(text, ':');
  api::VlanConfig vlan;
  vlan.mode = parts[0];
  if (vlan.mode == "access" && parts.size() == 2) {
    auto tag = parse_uint(parts[1], "vlan access tag", 1, 4094);
    if (!tag) return std::move(tag).error();
    vlan.tag = static_cast<uint32_t>(*tag);
    return vlan;
  }
  if (vlan.mode == "trunk" && parts.size() <= 3) {
    if (parts.size() >= 2) vlan.trunks = parts[1];
    if (parts.size() == 3) {
      auto native = parse_uint(parts[2], "vlan native", 0, 4094);
      if (!native) return std::move(native).error();
      vlan.native = static_cast<uint32_t>(*native);
    }
    return vlan;
  }
  return make_error("vlan '{}': expected access:TAG or trunk[:VLANS[:NATIVE]]", text);
}

// The control socket's limits from their options; errors name the option and its range.
Result<rpc::ServerLimits> control_limits(uint32_t clients, uint32_t idle_s, uint32_t reply_mb) {
  if (clients < 1 || clients > 1024) {
    return make_error("--control-max-clients {}: must be within [1, 1024]", clients);
  }
  if (idle_s < 1 || idle_s > 86400) {
    return make_error("--control-idle-timeout-s {}: must be within [1, 86400]", idle_s);
  }
  if (reply_mb < 1 || reply_mb > 1024) {
    return make_error("--control-max-reply-mb {}: must be within [1, 1024]", reply_mb);
  }
  rpc::ServerLimits limits;
  limits.max_clients = clients;
  limits.idle_timeout = std::chrono::seconds(idle_s);
  limits.max_reply_bytes = size_t{reply_mb} << 20;
  limits.max_pending_output_bytes = 2 * limits.max_reply_bytes;  // room for one more reply
  return limits;
}

}  // namespace

Result<api::PortAddParams> parse_port_spec(const std::string& spec) {
  api::PortAddParams port;
  std::string rest = spec;
  std::string devargs;
  if (auto pos = rest.find("devargs="); pos != std::string::npos) {
    devargs = rest.substr(pos + std::string("devargs=").size());
    rest = rest.substr(0, pos);
    if (!rest.empty() && rest.back() == ',') rest.pop_back();
    if (devargs.empty()) return make_error("--port {}: devargs= is empty", spec);
  }
  auto items = split(rest, ',');
  port.name = items[0];
  if (port.name.empty() || port.name.find('=') != std::string::npos) {
    return make_error("--port {}: the spec must start with the port's name (see --help)", spec);
  }
  for (size_t i = 1; i < items.size(); ++i) {
    auto eq = items[i].find('=');
    std::string key = items[i].substr(0, eq);
    std::string value = eq == std::string::npos ? "" : items[i].substr(eq + 1);
    if (key == "type") {
      port.type = value;
    } else if (key == "path") {
      port.path = value;
    } else if (key == "mode") {
      port.mode = value;
    } else if (key == "client" && eq == std::string::npos) {
      port.mode = "client";
    } else if (key == "queues") {
      auto q = parse_uint(value, "--port " + port.name + " queues", 1, 16);
      if (!q) return std::move(q).error();
      port.queues = static_cast<uint32_t>(*q);
    } else if (key == "tx_retries") {
      auto r = parse_uint(value, "--port " + port.name + " tx_retries", 0, 1024);
      if (!r) return std::move(r).error();
      port.tx_retries = static_cast<uint32_t>(*r);
    } else if (key == "bridge") {
      port.bridge = value;
    } else if (key == "vlan") {
      auto vlan = parse_vlan_spec(value);
      if (!vlan) return make_error("--port {}: {}", port.name, vlan.error().message);
      port.vlan = std::move(vlan).value();
    } else {
      return make_error(
          "--port {}: unknown key '{}' (known: type, path, mode, queues, "
          "tx_retries, bridge, vlan, devargs)",
          port.name, key);
    }
  }
  if (!devargs.empty()) port.devargs = devargs;
  if (port.type.empty()) port.type = devargs.empty() ? "vhost" : "dpdk";
  return port;
}

namespace {

// What the command line gives before it becomes SwitchOptions.
struct RawOptions {
  std::string pmd_cores;
  std::vector<std::string> allow_vdevs;
  std::string vhost_dir_mode;
  int main_core = -1;
  std::vector<std::string> ports, xconnects, bridges;
  uint32_t control_clients = 0, control_idle_s = 0, control_reply_mb = 0;
};

po::options_description general_options(SwitchOptions& o, RawOptions& raw) {
  po::options_description general("General");
  general.add_options()("help,h", "show this help and exit")("version",
                                                             "show the version and exit")(
      "control-socket", po::value(&o.control_socket)->value_name("PATH"),
      "JSON-RPC control socket (default /run/nfv-switch/FILE_PREFIX.sock)")(
      "socket-group", po::value(&o.socket_group)->value_name("GROUP"),
      "group owning the control socket (mode 0660)")(
      "control-max-clients", po::value(&raw.control_clients)->default_value(64)->value_name("N"),
      "control connections served at once (1-1024); a new one closes the longest-idle one")(
      "control-idle-timeout-s",
      po::value(&raw.control_idle_s)->default_value(300)->value_name("SECONDS"),
      "close a control connection idle this long (1-86400)")(
      "control-max-reply-mb", po::value(&raw.control_reply_mb)->default_value(16)->value_name("MB"),
      "largest reply on the control socket (1-1024); larger ones are errors asking for less")(
      "vhost-dir", po::value(&o.vhost_dir)->value_name("DIR"),
      "directory of vhost-user sockets without an explicit path (default "
      "/run/nfv-switch/FILE_PREFIX)")(
      "log-level", po::value(&o.log_level)->default_value("info")->value_name("LEVEL"),
      "error | warning | info | debug")("test-clock", po::bool_switch(&o.test_clock),
                                        "allow debug.clock to move the MAC ageing clock (tests)");

  return general;
}

po::options_description privilege_options(SwitchOptions& o, RawOptions& raw) {
  po::options_description privilege("Control socket privilege (see README: Control socket)");
  privilege.add_options()(
      "allow-vdev", po::value(&raw.allow_vdevs)->value_name("DRIVER[,DRIVER...]"),
      "let port.add over the control socket create these vdev drivers too (repeatable), e.g. "
      "net_tap,net_pcap; without it only PCI addresses, net_null and net_ring are allowed "
      "(ports on this command line are never limited)")(
      "allow-vhost-dir", po::value(&o.allowed_vhost_dirs)->value_name("DIR"),
      "let port.add over the control socket place vhost-user sockets under DIR too "
      "(repeatable); by default only under --vhost-dir")(
      "vhost-dir-owner", po::value(&o.vhost_dir_owner)->value_name("USER"),
      "owner given to the vhost directory at start (default: unchanged)")(
      "vhost-dir-group", po::value(&o.vhost_dir_group)->value_name("GROUP"),
      "group given to the vhost directory at start, e.g. kvm or libvirt-qemu (default: "
      "unchanged)")("vhost-dir-mode", po::value(&raw.vhost_dir_mode)->value_name("OCTAL"),
                    "mode given to the vhost directory at start, e.g. 2770 so QEMU's group "
                    "can create client-mode sockets (default: 0755 when created, else "
                    "unchanged; never world-writable)");
  return privilege;
}

po::options_description resource_options(SwitchOptions& o, RawOptions& raw) {
  po::options_description resources("Cores and memory");
  resources.add_options()("pmd-cores", po::value(&raw.pmd_cores)->value_name("LIST"),
                          "CPUs of the PMD threads, e.g. 2,3 or 2-5 (default: the last CPU)")(
      "main-core", po::value(&raw.main_core)->value_name("CPU"),
      "CPU of the control thread (default: the first CPU that is not a PMD's)")(
      "memory", po::value(&o.memory_mb)->default_value(1024)->value_name("MB"),
      "memory per NUMA node in use (hugepages unless --no-huge)")(
      "no-huge", po::bool_switch(&o.no_huge),
      "anonymous shared memory instead of hugepages (tests; vhost-user still works)")(
      "file-prefix", po::value(&o.file_prefix)->default_value("nfv-switch")->value_name("NAME"),
      "DPDK file prefix: run two switches with different prefixes")(
      "mbufs", po::value(&o.mbufs)->default_value(0)->value_name("N"),
      "mbufs per NUMA node (0: computed from ports, queues and descriptors)")(
      "eal-args", po::value(&o.eal_args)->value_name("ARGS"),
      "extra EAL arguments, appended as given (experts)");

  return resources;
}

po::options_description forwarding_options(SwitchOptions& o, RawOptions& raw) {
  po::options_description forwarding("Ports and forwarding");
  forwarding.add_options()("port", po::value(&raw.ports)->value_name("SPEC"),
                           "add a port (repeatable; see Port specs)")(
      "xconnect", po::value(&raw.xconnects)->value_name("A,B"),
      "cross-connect two ports: every frame from one goes to the other, no lookup")(
      "bridge", po::value(&raw.bridges)->value_name("NAME[:PORT,...]"),
      "add an L2 learning bridge, optionally with member ports (repeatable)")(
      "mac-table-size", po::value(&o.mac_table_size)->default_value(65536)->value_name("N"),
      "MAC entries per bridge (default for bridges added later too)")(
      "mac-ageing", po::value(&o.mac_ageing_s)->default_value(300)->value_name("SECONDS"),
      "idle time after which a learned MAC is forgotten")(
      "tx-retries", po::value(&o.tx_retries)->default_value(8)->value_name("N"),
      "vhost: re-tries of a guest queue that keeps accepting part of a burst")(
      "idle-sleep-max-us",
      po::value(&o.idle_sleep_max_us)->default_value(kDefaultIdleSleepMaxUs)->value_name("US"),
      "longest sleep of an idle PMD (0: busy-poll, for benchmarks). Frames wait in the guests' "
      "rings meanwhile: a 256-descriptor ring lasts 256 us at 1 Mpps, and a sleep ends up to "
      "~80 us late, so above ~150 us the first burst after a quiet period can be lost")(
      "rx-descriptors", po::value(&o.rx_descriptors)->default_value(1024)->value_name("N"),
      "DPDK ethdev receive ring size")(
      "tx-descriptors", po::value(&o.tx_descriptors)->default_value(1024)->value_name("N"),
      "DPDK ethdev transmit ring size");

  return forwarding;
}

// PMDs default to the last CPU, the control thread to the first CPU that is not a PMD's.
Status place_cores(SwitchOptions& o, const RawOptions& raw, uint32_t cpu_count) {
  if (cpu_count == 0) return make_error("no CPU is available to this process");
  if (raw.pmd_cores.empty()) {
    o.pmd_cores = {cpu_count - 1};
  } else {
    auto cores = parse_id_list(raw.pmd_cores, "--pmd-cores", cpu_count - 1);
    if (!cores) {
      return make_error("{} (this machine has CPUs 0-{})", cores.error().message, cpu_count - 1);
    }
    o.pmd_cores = *cores;
  }
  if (o.pmd_cores.size() > 64) return make_error("--pmd-cores: at most 64 PMDs");
  if (raw.main_core >= 0) {
    if (static_cast<uint32_t>(raw.main_core) >= cpu_count) {
      return make_error("--main-core: CPU {} does not exist (this machine has CPUs 0-{})",
                        raw.main_core, cpu_count - 1);
    }
    o.main_core = static_cast<uint32_t>(raw.main_core);
  } else {
    o.main_core = 0;
    while (o.main_core < cpu_count &&
           std::count(o.pmd_cores.begin(), o.pmd_cores.end(), o.main_core) != 0) {
      ++o.main_core;
    }
    if (o.main_core == cpu_count) o.main_core = 0;  // every CPU is a PMD's: share the first
  }
  return {};
}

Status check_ranges(const SwitchOptions& o) {
  if (o.memory_mb < 64) return make_error("--memory {}: at least 64 MB", o.memory_mb);
  if (o.file_prefix.empty() || o.file_prefix.find('/') != std::string::npos) {
    return make_error("--file-prefix '{}': must be a non-empty name without '/'", o.file_prefix);
  }
  if (o.idle_sleep_max_us > 100000) {
    return make_error("--idle-sleep-max-us {}: at most 100000 (0.1 s)", o.idle_sleep_max_us);
  }
  if (o.tx_retries > 1024) return make_error("--tx-retries {}: at most 1024", o.tx_retries);
  if (o.mac_table_size < 16 || o.mac_table_size > (1u << 24)) {
    return make_error("--mac-table-size {}: must be within [16, 16777216]", o.mac_table_size);
  }
  static const std::vector<std::string> levels = {"error", "warning", "info", "debug"};
  if (std::find(levels.begin(), levels.end(), o.log_level) == levels.end()) {
    return make_error("--log-level '{}': expected error, warning, info or debug", o.log_level);
  }
  return {};
}

// The vhost directory's mode: octal, owner rwx (the switch creates sockets there), never
// world-writable (every local user could plant files among the sockets).
Result<uint32_t> parse_vhost_dir_mode(const std::string& text) {
  bool octal =
      !text.empty() && text.size() <= 5 && text.find_first_not_of("01234567") == std::string::npos;
  if (!octal) return make_error("--vhost-dir-mode '{}': expected an octal mode such as 2770", text);
  auto mode = static_cast<uint32_t>(std::stoul(text, nullptr, 8));
  if (mode > 07777) return make_error("--vhost-dir-mode {}: at most 7777", text);
  if ((mode & 0700) != 0700) {
    return make_error("--vhost-dir-mode {}: the owner needs rwx (7xx) to create sockets", text);
  }
  if ((mode & 0002) != 0) {
    return make_error(
        "--vhost-dir-mode {}: world-writable lets every local user plant files among the "
        "sockets; give QEMU's group access instead (e.g. --vhost-dir-group kvm "
        "--vhost-dir-mode 2770)",
        text);
  }
  return mode;
}

Status parse_privilege(SwitchOptions& o, const RawOptions& raw) {
  for (const auto& list : raw.allow_vdevs) {
    for (const auto& driver : split(list, ',')) {
      if (!valid_vdev_driver_name(driver)) {
        return make_error(
            "--allow-vdev '{}': a driver name is 1-32 of a-z, 0-9 and '_', such as net_tap",
            driver);
      }
      if (std::find(o.allowed_vdevs.begin(), o.allowed_vdevs.end(), driver) ==
          o.allowed_vdevs.end()) {
        o.allowed_vdevs.push_back(driver);
      }
    }
  }
  if (o.allowed_vdevs.size() > 32) return make_error("--allow-vdev: at most 32 drivers");
  if (o.allowed_vhost_dirs.size() > 32) return make_error("--allow-vhost-dir: at most 32");
  for (const auto& dir : o.allowed_vhost_dirs) {
    if (dir.empty() || dir[0] != '/' || std::filesystem::path(dir).lexically_normal() == "/") {
      return make_error("--allow-vhost-dir '{}': must be an absolute directory other than /", dir);
    }
  }
  if (!raw.vhost_dir_mode.empty()) {
    auto mode = parse_vhost_dir_mode(raw.vhost_dir_mode);
    if (!mode) return std::move(mode).error();
    o.vhost_dir_mode = *mode;
  }
  return {};
}

// Ports, cross-connects and bridges given on the command line.
Status parse_topology(SwitchOptions& o, const RawOptions& raw) {
  for (const auto& spec : raw.ports) {
    auto port = parse_port_spec(spec);
    if (!port) return std::move(port).error();
    o.ports.push_back(std::move(port).value());
  }
  for (const auto& pair : raw.xconnects) {
    auto names = split(pair, ',');
    if (names.size() != 2 || names[0].empty() || names[1].empty() || names[0] == names[1]) {
      return make_error("--xconnect '{}': expected two different port names, A,B", pair);
    }
    o.xconnects.emplace_back(names[0], names[1]);
  }
  for (const auto& spec : raw.bridges) {
    BridgeOption bridge;
    auto colon = spec.find(':');
    bridge.name = spec.substr(0, colon);
    if (bridge.name.empty()) return make_error("--bridge '{}': the bridge needs a name", spec);
    if (colon != std::string::npos) bridge.ports = split(spec.substr(colon + 1), ',');
    o.bridges.push_back(std::move(bridge));
  }
  return {};
}

}  // namespace

Result<ParsedOptions> parse_switch_options(int argc, const char* const* argv, uint32_t cpu_count) {
  ParsedOptions parsed;
  SwitchOptions& o = parsed.options;
  RawOptions raw;
  po::options_description all;
  all.add(general_options(o, raw))
      .add(privilege_options(o, raw))
      .add(resource_options(o, raw))
      .add(forwarding_options(o, raw));
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return make_error("{} (see nfv-switch --help)", e.what());
  }
  if (vm.count("help")) {
    parsed.outcome = ParseOutcome::kExitOk;
    parsed.text = usage_text(all);
    return parsed;
  }
  if (vm.count("version")) {
    parsed.outcome = ParseOutcome::kExitOk;
    parsed.text = "nfv-switch " NFV_VERSION "\n";
    return parsed;
  }
  NFV_TRY(place_cores(o, raw, cpu_count));
  NFV_TRY(check_ranges(o));
  if (auto limits = control_limits(raw.control_clients, raw.control_idle_s, raw.control_reply_mb)) {
    o.control_limits = *limits;
  } else {
    return std::move(limits).error();
  }
  if (o.control_socket.empty()) {
    o.control_socket = std::string(kRunDir) + "/" + o.file_prefix + ".sock";
  }
  if (o.vhost_dir.empty()) o.vhost_dir = std::string(kRunDir) + "/" + o.file_prefix;

  NFV_TRY(parse_privilege(o, raw));
  NFV_TRY(parse_topology(o, raw));
  return parsed;
}

std::vector<std::string> build_eal_args(const SwitchOptions& o,
                                        const std::vector<int>& nodes_in_use,
                                        const std::vector<std::string>& pci_devices) {
  std::vector<std::string> args = {"nfv-switch"};
  // lcore 0 is the control thread, lcore i+1 runs PMD i; each is pinned to its CPU.
  std::string lcores = "0@" + std::to_string(o.main_core);
  for (size_t i = 0; i < o.pmd_cores.size(); ++i) {
    lcores += "," + std::to_string(i + 1) + "@" + std::to_string(o.pmd_cores[i]);
  }
  args.push_back("--lcores");
  args.push_back(lcores);
  args.push_back("--main-lcore");
  args.push_back("0");
  args.push_back("--file-prefix");
  args.push_back(o.file_prefix);
  if (o.no_huge) {
    args.push_back("--no-huge");
    args.push_back("-m");
    args.push_back(std::to_string(o.memory_mb));
  } else {
    // Memory on every node that has one of our cores; hugepage files are unlinked once
    // mapped, so nothing is left in hugetlbfs even after a crash.
    int max_node = 0;
    for (int node : nodes_in_use) max_node = std::max(max_node, node);
    std::string socket_mem;
    for (int node = 0; node <= max_node; ++node) {
      bool used = std::count(nodes_in_use.begin(), nodes_in_use.end(), node) != 0;
      if (!socket_mem.empty()) socket_mem += ",";
      socket_mem += used ? std::to_string(o.memory_mb) : "0";
    }
    args.push_back("--socket-mem");
    args.push_back(socket_mem);
    args.push_back("--huge-unlink");
  }
  // Only the PCI devices given as ports; never every device bound to vfio-pci.
  if (pci_devices.empty()) {
    args.push_back("--no-pci");
  } else {
    for (const auto& device : pci_devices) {
      args.push_back("-a");
      args.push_back(device);
    }
  }
  args.push_back("--log-level");
  args.push_back(o.log_level == "debug" ? "*:info" : "*:warning");
  if (!o.eal_args.empty()) {
    std::istringstream extra(o.eal_args);
    std::string word;
    while (extra >> word) args.push_back(word);
  }
  return args;
}

}  // namespace nfv::dp
