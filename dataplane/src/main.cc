// nfv-switch: parse options, check the host, start DPDK and the switch, serve the control
// socket until SIGINT/SIGTERM, then remove every port, socket and hugepage mapping.
#include <fcntl.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "nfv/common/log.h"
#include "nfv/common/unique_fd.h"
#include "nfv/dataplane/eal.h"
#include "nfv/dataplane/ethdev_port.h"
#include "nfv/dataplane/options.h"
#include "nfv/dataplane/preflight.h"
#include "nfv/dataplane/rpc_methods.h"
#include "nfv/dataplane/switch.h"
#include "nfv/dataplane/telemetry.h"
#include "nfv/host/hugepages.h"
#include "nfv/host/mounts.h"
#include "nfv/rpc/server.h"
#include "nfv/vhost/vhost_socket.h"

namespace {

constexpr const char* kSysfs = "/sys";
int g_signal_pipe[2] = {-1, -1};

void on_signal(int) {
  char byte = 1;
  ssize_t ignored = ::write(g_signal_pipe[1], &byte, 1);
  (void)ignored;
}

int fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "nfv-switch: %s\n", message.c_str());
  return code;
}

bool stop_requested() {
  char byte;
  return ::read(g_signal_pipe[0], &byte, 1) == 1;
}

nfv::log::Level to_level(const std::string& name) {
  if (name == "error") return nfv::log::Level::kError;
  if (name == "warning") return nfv::log::Level::kWarning;
  if (name == "debug") return nfv::log::Level::kDebug;
  return nfv::log::Level::kInfo;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace nfv;
  log::set_program("nfv-switch");
  auto parsed = dp::parse_switch_options(argc, argv, static_cast<uint32_t>(get_nprocs_conf()));
  if (!parsed) return fail(parsed.error().message, 2);
  if (parsed->outcome == dp::ParseOutcome::kExitOk) {
    std::fputs(parsed->text.c_str(), stdout);
    return 0;
  }
  const dp::SwitchOptions& options = parsed->options;
  log::set_level(to_level(options.log_level));

  for (uint32_t core : options.pmd_cores) {
    if (core == options.main_core) {
      log::warning(
          "PMD CPU {} is also the control thread's CPU (--main-core): fine for tests, "
          "not for throughput; give PMDs CPUs of their own",
          core);
    }
  }

  if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return fail("pipe2 failed");
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  // Pre-flight: everything that can be checked before DPDK starts.
  const host::Sysfs sysfs(kSysfs);
  std::vector<uint32_t> cpus = options.pmd_cores;
  cpus.push_back(options.main_core);
  std::vector<int> nodes = dp::numa_nodes_of_cpus(sysfs, cpus);
  std::vector<std::string> pci_devices;
  for (const auto& port : options.ports) {
    if (port.type == "dpdk" && dp::is_pci_address(port.devargs)) {
      pci_devices.push_back(port.devargs.substr(0, port.devargs.find(',')));
    }
    if (port.type == "vhost" && !port.path.empty()) {
      if (auto status = dp::check_socket_directory(port.path, "port " + port.name); !status) {
        return fail(status.error().message);
      }
    }
  }
  bool default_run_dir = options.control_socket.rfind("/run/nfv-switch/", 0) == 0;
  if (default_run_dir) {
    if (auto status = vhost::ensure_directory("/run/nfv-switch", 0755, "", ""); !status) {
      return fail(status.error().message);
    }
  }
  if (auto status = dp::check_socket_directory(options.control_socket, "--control-socket");
      !status) {
    return fail(status.error().message);
  }
  if (!options.no_huge) {
    if (!host::hugetlbfs_mounted("/proc/mounts")) {
      return fail(
          "no hugetlbfs is mounted: mount one (mount -t hugetlbfs nodev /dev/hugepages, "
          "or scripts/setup), or run with --no-huge");
    }
    auto hugepages = host::read_hugepages(sysfs);
    if (!hugepages) return fail(hugepages.error().message);
    if (auto status = dp::check_hugepages(*hugepages, nodes, options.memory_mb, sysfs); !status) {
      return fail(status.error().message);
    }
  }

  auto eal_args = dp::build_eal_args(options, nodes, pci_devices);
  std::string joined;
  for (const auto& arg : eal_args) joined += (joined.empty() ? "" : " ") + arg;
  log::info("EAL arguments: {}", joined);
  auto eal_start = std::chrono::steady_clock::now();
  auto eal = dp::EalSession::init(eal_args);
  if (!eal) return fail(eal.error().message);
  if (stop_requested()) return 0;
  log::info("EAL initialised in {} ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - eal_start)
                                            .count());

  int status = 0;
  {
    auto sw = dp::Switch::create(options, eal_args);
    if (!sw) return fail(sw.error().message);
    if (auto applied = (*sw)->apply_startup_config(); !applied) {
      return fail(applied.error().message);
    }
    rpc::Dispatcher dispatcher(dp::switch_identity());
    dp::register_switch_methods(dispatcher, **sw);
    auto server = rpc::Server::listen(options.control_socket, options.socket_group, &dispatcher,
                                      options.control_limits);
    if (!server) return fail(server.error().message);
    dp::register_telemetry(sw->get());
    log::info("ready: control socket {}, {} PMD(s), {} port(s); nfvctl -s {} port list",
              options.control_socket, options.pmd_cores.size(), options.ports.size(),
              options.control_socket);
    (*server)->serve(g_signal_pipe[0]);
    log::info("stopping: removing ports and sockets");
    dp::unregister_telemetry();
  }
  log::info("stopped");
  return status;
}
