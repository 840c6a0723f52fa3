#include "nfv/nfvd/switch_command.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "nfv/nfvd/host_plan.h"

namespace nfv::nfvd {
namespace {

std::string join(const std::vector<std::string>& words, const std::string& separator) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : separator) + word;
  return text;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// The switch refuses vhost sockets outside its vhost directory and vdevs that touch the host
// unless allowed: the config's own ports are allowed, nothing more.
std::vector<std::string> port_allowances(const config::ApplianceConfig& config) {
  std::vector<std::string> dirs, drivers;
  std::string vhost_dir = config.switch_config.vhost_dir;
  for (const config::PortConfig& port : config.ports) {
    if (port.socket.starts_with('/')) {
      std::string dir = std::filesystem::path(port.socket).parent_path().string();
      if (dir != vhost_dir) add_unique(dirs, dir);
    }
    if (!port.vdev.empty()) add_unique(drivers, vdev_driver(port.vdev));
  }
  std::vector<std::string> args;
  for (const std::string& dir : dirs) args.insert(args.end(), {"--allow-vhost-dir", dir});
  if (!drivers.empty()) args.insert(args.end(), {"--allow-vdev", join(drivers, ",")});
  return args;
}

}  // namespace

std::string vdev_driver(const std::string& vdev) {
  std::string name = vdev.substr(0, vdev.find(','));
  while (!name.empty() && std::isdigit(static_cast<unsigned char>(name.back()))) name.pop_back();
  return name;
}

std::vector<std::string> switch_command_line(const config::ApplianceConfig& config,
                                             const SwitchLaunch& launch) {
  const config::SwitchConfig& sw = config.switch_config;
  std::vector<std::string> cpus;
  for (uint32_t cpu : launch.pmd_cpus) cpus.push_back(std::to_string(cpu));
  std::vector<std::string> argv = {
      launch.binary,  "--control-socket", launch.control_socket,       "--file-prefix",
      sw.file_prefix, "--memory",         std::to_string(sw.memory_mb)};
  if (!cpus.empty()) argv.insert(argv.end(), {"--pmd-cores", join(cpus, ",")});
  if (sw.no_huge) argv.push_back("--no-huge");
  if (sw.mbufs != 0) argv.insert(argv.end(), {"--mbufs", std::to_string(sw.mbufs)});
  if (!sw.vhost_dir.empty()) argv.insert(argv.end(), {"--vhost-dir", sw.vhost_dir});
  if (launch.vhost_dir_gid) {
    argv.insert(argv.end(), {"--vhost-dir-group", std::to_string(*launch.vhost_dir_gid),
                             "--vhost-dir-mode", "2770"});
  }
  if (!sw.eal_args.empty()) argv.insert(argv.end(), {"--eal-args", join(sw.eal_args, " ")});
  std::vector<std::string> allowances = port_allowances(config);
  argv.insert(argv.end(), allowances.begin(), allowances.end());
  return argv;
}

Result<std::vector<uint32_t>> pmd_cpus_for(const config::ApplianceConfig& config,
                                           const std::string& sysfs_root) {
  if (!config.switch_config.pmd_cpus.empty()) return config.switch_config.pmd_cpus;
  auto placement = plan_on_host(config, sysfs_root);
  if (!placement) {
    return make_error("placing {} PMD(s): {}; write switch.pmd_cpus in the config",
                      config.switch_config.pmd_cores, placement.error().message);
  }
  std::vector<uint32_t> cpus;
  for (const auto& pmd : placement->pmds) cpus.push_back(pmd.cpu);
  return cpus;
}

std::string default_switch_binary(const std::string& self) {
  std::filesystem::path beside = std::filesystem::path(self).parent_path() / "nfv-switch";
  if (!self.empty() && ::access(beside.c_str(), X_OK) == 0) return beside.string();
  return "nfv-switch";
}

}  // namespace nfv::nfvd
