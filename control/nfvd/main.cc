// nfvd: parse options, then either check a config (--check-config) or serve the control
// socket until SIGINT/SIGTERM: adopt or start nfv-switch, bring it to the desired state, and
// keep it running (switch_supervisor.h); SIGHUP applies the file of the last apply again.
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "nfv/common/log.h"
#include "nfv/common/service_notify.h"
#include "nfv/common/unique_fd.h"
#include "nfv/config/parse.h"
#include "nfv/nfvd/desired_state.h"
#include "nfv/nfvd/drift_monitor.h"
#include "nfv/nfvd/libvirt_guests.h"
#include "nfv/nfvd/methods.h"
#include "nfv/nfvd/nfvd_telemetry.h"
#include "nfv/nfvd/options.h"
#include "nfv/nfvd/service.h"
#include "nfv/nfvd/switch_command.h"
#include "nfv/nfvd/switch_supervisor.h"
#include "nfv/rpc/server.h"

namespace {

// SIGINT, SIGTERM and SIGHUP as a descriptor that becomes readable (signalfd): the server's
// stop fd. The server returns on any of them; SIGHUP is handled and serving goes on.
nfv::Result<nfv::UniqueFd> stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  if (sigprocmask(SIG_BLOCK, &signals, nullptr) != 0) {
    return nfv::make_error("sigprocmask: {}", std::strerror(errno));
  }
  nfv::UniqueFd fd(signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK));
  if (!fd.valid()) return nfv::make_error("signalfd: {}", std::strerror(errno));
  std::signal(SIGPIPE, SIG_IGN);
  return fd;
}

int fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "nfvd: %s\n", message.c_str());
  return code;
}

// --check-config: errors as "file:line:column: path: message", nothing touched.
int check_config(const std::string& path) {
  auto config = nfv::config::load_config_file(path);
  if (!config) return fail(config.error().message);
  auto state = nfv::nfvd::desired_switch_state(*config);
  if (!state) return fail(state.error().message);
  std::printf("%s: valid: %zu bridge(s), %zu switch port(s), %zu static MAC(s)\n", path.c_str(),
              state->bridges.size(), state->ports.size(), state->macs.size());
  return 0;
}

// NFVD_PAUSE_AFTER_STEP=N: the crash tests' hook (ServiceOptions::stop_after_steps): nfvd
// stops itself there for the test to kill it.
std::optional<size_t> pause_after_step_from_environment() {
  const char* value = std::getenv("NFVD_PAUSE_AFTER_STEP");
  if (value == nullptr || *value == '\0') return std::nullopt;
  char* end = nullptr;
  unsigned long steps = std::strtoul(value, &end, 10);
  if (*end != '\0') return std::nullopt;
  return static_cast<size_t>(steps);
}

// The signal that made the signalfd readable; 0 when none could be read.
int next_signal(int fd) {
  signalfd_siginfo info{};
  if (::read(fd, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) return 0;
  return static_cast<int>(info.ssi_signo);
}

// SIGHUP: the file of the last apply read again and applied, the outcome logged. A broken
// file changes nothing.
void reload(nfv::nfvd::Service& service) {
  nfv::log::info("SIGHUP: re-reading {}", service.persistent().config_path);
  auto applied = service.reload();
  if (!applied) {
    nfv::log::error("SIGHUP: nothing changed: {}", applied.error().message);
    return;
  }
  nfv::log::info("SIGHUP: applied {}: {} step(s)", service.persistent().config_path,
                 applied->applied);
}

nfv::nfvd::SupervisorOptions supervisor_options(const nfv::nfvd::NfvdOptions& options) {
  nfv::nfvd::SupervisorOptions supervisor;
  std::error_code ec;
  std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  supervisor.binary = options.switch_binary.empty() ? nfv::nfvd::default_switch_binary(self)
                                                    : options.switch_binary;
  supervisor.control_socket = options.switch_socket;
  supervisor.log_path =
      options.switch_log.empty() ? options.state_dir + "/nfv-switch.log" : options.switch_log;
  supervisor.stop_on_exit = options.stop_switch_on_exit;
  return supervisor;
}

nfv::guests::LibvirtSettings libvirt_settings(const nfv::nfvd::NfvdOptions& options) {
  nfv::guests::LibvirtSettings settings;
  settings.uri = options.libvirt_uri;
  settings.accelerator = options.guest_accel;
  std::error_code ec;
  if (std::filesystem::exists(options.guest_image + "/vmlinuz", ec)) {
    settings.probe_kernel = options.guest_image + "/vmlinuz";
    settings.probe_initrd = options.guest_image + "/initrd.img";
  }
  settings.console_dir = options.state_dir + "/guests";
  settings.shutdown_timeout = std::chrono::seconds(options.guest_shutdown_timeout_s);
  return settings;
}

nfv::nfvd::TelemetryOptions telemetry_options(
    const nfv::nfvd::NfvdOptions& options,
    const std::shared_ptr<nfv::nfvd::LazyLibvirtGuests>& guests) {
  nfv::nfvd::TelemetryOptions telemetry;
  telemetry.switch_socket = options.switch_socket;
  telemetry.interval =
      std::chrono::milliseconds(static_cast<int64_t>(options.sample_interval_s * 1000 + 0.5));
  telemetry.history_s = options.history_s;
  telemetry.metrics = !options.no_metrics;
  telemetry.metrics_address = options.metrics_address;
  telemetry.metrics_port = options.metrics_port;
  telemetry.sysfs_root = options.sysfs_root;
  if (guests) telemetry.guests_running = [guests] { return guests->running(); };
  return telemetry;
}

int serve(const nfv::nfvd::NfvdOptions& options) {
  using namespace nfv;
  // Taken before a switch is started: the switch must not speak for nfvd's service.
  auto notifier = ServiceNotifier::from_environment();
  auto stop = stop_signals();
  if (!stop) return fail(stop.error().message);
  nfvd::ServiceOptions service_options{options.state_dir, options.switch_socket, options.sysfs_root,
                                       options.dev_root, options.vf_allocations};
  std::shared_ptr<nfvd::LazyLibvirtGuests> libvirt;
  if (options.guests == "libvirt") {
    libvirt = std::make_shared<nfvd::LazyLibvirtGuests>(libvirt_settings(options));
    service_options.guests = libvirt;
  }
  auto telemetry = nfvd::NfvdTelemetry::start(telemetry_options(options, libvirt));
  if (!telemetry) return fail(telemetry.error().message);
  service_options.on_guests_applied = [t = telemetry->get()](const reconcile::GuestStates& g) {
    t->set_guests(g);
  };
  service_options.stop_after_steps = pause_after_step_from_environment();
  service_options.at_stop_point = [] { ::raise(SIGSTOP); };
  auto service = nfvd::Service::open(std::move(service_options));
  if (!service) return fail(service.error().message);
  std::error_code ec;
  auto socket_dir = std::filesystem::path(options.socket).parent_path();
  if (!socket_dir.empty()) std::filesystem::create_directories(socket_dir, ec);
  if (ec) return fail("cannot create " + socket_dir.string() + ": " + ec.message());
  rpc::Dispatcher dispatcher(nfvd::nfvd_identity());
  nfvd::register_nfvd_methods(dispatcher, *service);
  nfvd::register_telemetry_methods(dispatcher, **telemetry);
  auto server = rpc::Server::listen(options.socket, options.socket_group, &dispatcher);
  if (!server) return fail(server.error().message);
  nfvd::SwitchSupervisor supervisor(supervisor_options(options), *service, **server);
  auto desired = nfvd::desired_config_params(service->persistent(), options.config);
  if (auto started = supervisor.start(desired); !started) log::error("{}", started.error().message);
  service->set_scheduler(
      [&server = **server](auto when, auto callback) { server.run_at(when, std::move(callback)); });
  service->start_up(desired);
  nfvd::DriftMonitor drift(
      *service, **server,
      std::chrono::milliseconds(static_cast<int64_t>(options.drift_interval_s * 1000 + 0.5)));
  drift.start();
  log::info("ready: control socket {}, switch {}; nfvctl --nfvd-socket {} status", options.socket,
            options.switch_socket, options.socket);
  notifier.ready("serving " + options.socket);  // Type=notify: adopted/started, applied
  while (true) {
    (*server)->serve(stop->get());
    if (next_signal(stop->get()) != SIGHUP) break;
    reload(*service);
  }
  notifier.stopping();
  supervisor.shutdown();
  log::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace nfv;
  log::set_program("nfvd");
  auto parsed = nfvd::parse_nfvd_options(argc, argv);
  if (!parsed) return fail(parsed.error().message, 2);
  if (parsed->outcome == nfvd::ParseOutcome::kExitOk) {
    std::fputs(parsed->text.c_str(), stdout);
    return 0;
  }
  const nfvd::NfvdOptions& options = parsed->options;
  log::set_level(nfvd::log_level_named(options.log_level).value_or(log::Level::kInfo));
  if (options.check_config) return check_config(options.config);
  return serve(options);
}
