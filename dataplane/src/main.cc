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
#include "nfv/common/service_notify.h"
#include "nfv/common/unique_fd.h"
#include "nfv/dataplane/eal.h"
#include "nfv/dataplane/ethdev_port.h"
#include "nfv/dataplane/options.h"
#include "nfv/dataplane/preflight.h"
#include "nfv/dataplane/rpc_methods.h"
#include "nfv/dataplane/run_directories.h"
#include "nfv/dataplane/switch.h"
#include "nfv/dataplane/telemetry.h"
#include "nfv/host/sysfs.h"
#include "nfv/rpc/server.h"

namespace {

constexpr const char* kSysfs = "/sys";
constexpr const char* kMounts = "/proc/mounts";
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

void warn_shared_cores(const nfv::dp::SwitchOptions& options) {
  for (uint32_t core : options.pmd_cores) {
    if (core == options.main_core) {
      nfv::log::warning(
          "PMD CPU {} is also the control thread's CPU (--main-core): fine for tests, "
          "not for throughput; give PMDs CPUs of their own",
          core);
    }
  }
}

bool install_signal_handlers() {
  if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return false;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}

nfv::Result<std::unique_ptr<nfv::dp::EalSession>> start_eal(
    const std::vector<std::string>& eal_args) {
  std::string joined;
  for (const auto& arg : eal_args) joined += (joined.empty() ? "" : " ") + arg;
  nfv::log::info("EAL arguments: {}", joined);
  auto start = std::chrono::steady_clock::now();
  auto eal = nfv::dp::EalSession::init(eal_args);
  if (!eal) return std::move(eal).error();
  nfv::log::info("EAL initialised in {} ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::steady_clock::now() - start)
                                                 .count());
  return eal;
}

// Runs the switch and its control socket until a signal arrives; 0, or 1 after an error.
int run_switch(const nfv::dp::SwitchOptions& options, const std::vector<std::string>& eal_args) {
  using namespace nfv;
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
  auto notifier = ServiceNotifier::from_environment();  // Type=notify: ports set up, socket served
  notifier.ready("serving " + options.control_socket);
  (*server)->serve(g_signal_pipe[0]);
  notifier.stopping();
  log::info("stopping: removing ports and sockets");
  dp::unregister_telemetry();
  return 0;
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
  warn_shared_cores(options);
  if (!install_signal_handlers()) return fail("pipe2 failed");

  if (auto checked = dp::prepare_control_directory(options); !checked) {
    return fail(checked.error().message);
  }
  auto facts = dp::run_preflight(options, host::Sysfs(kSysfs), kMounts);
  if (!facts) return fail(facts.error().message);
  auto eal_args = dp::build_eal_args(options, facts->nodes, facts->pci_devices);
  auto eal = start_eal(eal_args);
  if (!eal) return fail(eal.error().message);
  if (stop_requested()) return 0;
  int status = run_switch(options, eal_args);
  if (status == 0) log::info("stopped");
  return status;
}
