#include "nfv/nfvd/switch_supervisor.h"

#include <filesystem>
#include <thread>

#include "nfv/api/switch_client.h"
#include "nfv/common/log.h"
#include "nfv/config/parse.h"
#include "nfv/nfvd/switch_command.h"

namespace nfv::nfvd {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto kProbeTimeout = 2s;    // a switch that answers does so at once
constexpr auto kConnectRetry = 10ms;  // while a started switch comes up
constexpr auto kStopGrace = 10s;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

std::optional<api::NfvdConfigParams> desired_config_params(const PersistentState& persistent,
                                                           const std::string& config_path) {
  api::NfvdConfigParams params;
  if (persistent.has_config()) {
    params.config_text = persistent.config_text;
    params.config_path = persistent.config_path;
    return params;
  }
  if (config_path.empty()) return std::nullopt;
  params.config_path = std::filesystem::absolute(config_path).string();
  return params;
}

SwitchSupervisor::SwitchSupervisor(SupervisorOptions options, Service& service, rpc::Server& server)
    : options_(std::move(options)), service_(service), server_(server) {
  report_.log_path = options_.log_path;
  publish();
}

SwitchSupervisor::~SwitchSupervisor() {
  if (process_) server_.unwatch(process_->exit_fd());
}

std::optional<api::NfvdConfigParams> SwitchSupervisor::desired() const {
  if (service_.persistent().has_config()) return desired_config_params(service_.persistent(), "");
  return desired_;
}

Result<config::ApplianceConfig> SwitchSupervisor::desired_config() const {
  auto params = desired();
  if (!params) return make_error("no desired state yet (nfvd --config, or nfvctl apply)");
  auto text = config_text(*params);
  if (!text) return std::move(text).error();
  std::string origin = params->config_path.empty() ? "<config>" : params->config_path;
  return config::parse_config(*text, origin);
}

Status SwitchSupervisor::start(std::optional<api::NfvdConfigParams> desired) {
  desired_ = std::move(desired);
  if (adopt_running()) return {};
  if (auto launched = launch(); !launched) {
    return make_error("no nfv-switch answers on {} and none was started: {}",
                      options_.control_socket, launched.error().message);
  }
  report_.origin = "started";
  publish();
  return {};
}

Status SwitchSupervisor::adopt_running() {
  auto client = api::SwitchClient::connect(options_.control_socket, "nfvd", kProbeTimeout);
  if (!client) return std::move(client).error();
  auto info = client->call(api::kSwitchInfo);
  if (!info) return std::move(info).error();
  auto process = WatchedProcess::adopt(static_cast<pid_t>(info->pid));
  if (!process) {
    log::warning(
        "nfv-switch (pid {}) answers on {} but cannot be watched: {}; its crash "
        "will not be noticed",
        info->pid, options_.control_socket, process.error().message);
    report_ = {"running", "adopted", info->pid, 0, "", options_.log_path};
    publish();
    return {};
  }
  process_.emplace(std::move(process).value());
  log::info("adopted the running nfv-switch (pid {}, file prefix {}) on {}: not restarted",
            info->pid, info->file_prefix, options_.control_socket);
  report_.origin = "adopted";
  watch();
  return {};
}

Status SwitchSupervisor::launch() {
  auto config = desired_config();
  if (!config) return std::move(config).error();
  if (!config->switch_config.enabled) {
    return make_error("the desired config has no switch: section to start one from");
  }
  auto cpus = pmd_cpus_for(*config, options_.sysfs_root);
  if (!cpus) return std::move(cpus).error();
  SwitchLaunch launch{options_.binary, options_.control_socket, *cpus, std::nullopt};
  if (auto qemu = service_.guest_socket_identity(*config)) launch.vhost_dir_gid = qemu->gid;
  auto argv = switch_command_line(*config, launch);
  std::string command;
  for (const auto& arg : argv) command += (command.empty() ? "" : " ") + arg;
  std::error_code ec;  // the state dir, on nfvd's first start
  std::filesystem::create_directories(std::filesystem::path(options_.log_path).parent_path(), ec);
  auto process = WatchedProcess::spawn(argv, options_.log_path);
  if (!process) return make_error("starting nfv-switch: {}", process.error().message);
  log::info("started nfv-switch (pid {}), its output in {}: {}", process->pid(), options_.log_path,
            command);
  process_.emplace(std::move(process).value());
  auto started = Clock::now();
  NFV_TRY(wait_for_socket());
  log::info("nfv-switch (pid {}) answers on {} after {:.0f} ms", process_->pid(),
            options_.control_socket, ms_since(started));
  watch();
  return {};
}

// Blocks the server thread for the switch's start-up (bounded): requests wait meanwhile,
// as nothing can be served about a switch that is not there yet.
Status SwitchSupervisor::wait_for_socket() {
  auto deadline = Clock::now() + options_.start_timeout;
  while (true) {
    if (process_->ended()) {
      std::string cause = process_->reap();
      process_.reset();
      return make_error("nfv-switch ended during start-up ({}); see {}", cause, options_.log_path);
    }
    if (api::SwitchClient::connect(options_.control_socket, "nfvd", 1s)) return {};
    if (Clock::now() > deadline) {
      std::string cause = process_->stop(kStopGrace);
      process_.reset();
      return make_error(
          "nfv-switch did not answer on {} within {} s; stopped it ({}); see {}",
          options_.control_socket,
          std::chrono::duration_cast<std::chrono::seconds>(options_.start_timeout).count(), cause,
          options_.log_path);
    }
    std::this_thread::sleep_for(kConnectRetry);
  }
}

void SwitchSupervisor::watch() {
  server_.watch(process_->exit_fd(), [this] { on_end(); });
  report_.state = "running";
  report_.pid = process_->pid();
  publish();
}

void SwitchSupervisor::on_end() {
  server_.unwatch(process_->exit_fd());
  pid_t pid = process_->pid();
  std::string cause = process_->reap();
  process_.reset();
  log::error("nfv-switch (pid {}) ended: {}", pid, cause);
  after_end(cause);
}

void SwitchSupervisor::after_end(const std::string& cause) {
  report_.last_exit = cause;
  report_.pid = 0;
  auto now = Clock::now();
  restarts_ = recent_restarts(options_.policy, restarts_, now);
  RestartDecision decision = decide_restart(options_.policy, restarts_, now);
  if (decision.give_up) {
    report_.state = "gave-up";
    log::error("nfv-switch: {}", decision.reason);
    publish();
    return;
  }
  report_.state = "restarting";
  publish();
  log::info("nfv-switch: {}", decision.reason);
  server_.run_at(now + decision.delay, [this] { restart(); });
}

void SwitchSupervisor::restart() {
  auto began = Clock::now();
  restarts_.push_back(began);
  ++report_.restarts;
  if (auto launched = launch(); !launched) {
    log::error("restarting nfv-switch: {}", launched.error().message);
    after_end(launched.error().message);
    return;
  }
  report_.origin = "started";
  publish();
  replay();
  log::info("nfv-switch restarted and its state replayed {:.0f} ms after the restart began",
            ms_since(began));
}

void SwitchSupervisor::replay() {
  auto params = desired();
  if (!params) {
    log::info("nfv-switch restarted; no desired state to replay yet");
    return;
  }
  if (auto applied = service_.apply(*params); !applied) {
    log::error("replaying the desired state on the restarted switch failed: {}",
               applied.error().message);
  }
}

void SwitchSupervisor::shutdown() {
  if (!process_) return;
  server_.unwatch(process_->exit_fd());
  if (options_.stop_on_exit && process_->is_child()) {
    log::info("stopping nfv-switch (pid {}) (--stop-switch-on-exit): {}", process_->pid(),
              process_->stop(kStopGrace));
  } else {
    log::info("leaving nfv-switch (pid {}) running: traffic goes on; the next nfvd adopts it",
              process_->pid());
  }
  process_.reset();
}

void SwitchSupervisor::publish() { service_.set_switch_process(report_); }

}  // namespace nfv::nfvd
