#include "nfv/testing/switch_process.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <thread>

#include "nfv/api/drop_reasons.h"
#include "nfv/testing/test_binaries.h"

namespace nfv::testing {

Result<SwitchProcess> SwitchProcess::start(const TestDir& dir, SwitchProcessOptions options) {
  auto binary = test_binary_path("nfv-switch");
  if (!binary) return std::move(binary).error();
  if (options.file_prefix.empty()) options.file_prefix = unique_file_prefix(options.name);
  unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  if (options.pmd_cpus.empty()) options.pmd_cpus = {cpus - 1};
  std::string pmd_cpus;
  for (uint32_t cpu : options.pmd_cpus) {
    if (!pmd_cpus.empty()) pmd_cpus += ',';
    pmd_cpus += std::to_string(cpu);
  }
  std::string control = dir.file(options.name + ".ctl");
  SubprocessOptions process;
  process.argv = {*binary,
                  "--no-huge",
                  "--memory",
                  "256",
                  "--file-prefix",
                  options.file_prefix,
                  "--control-socket",
                  control,
                  "--vhost-dir",
                  dir.path(),
                  "--pmd-cores",
                  pmd_cpus,
                  "--main-core",
                  "0",
                  "--test-clock"};
  if (options.idle_sleep_max_us) {
    process.argv.insert(process.argv.end(),
                        {"--idle-sleep-max-us", std::to_string(*options.idle_sleep_max_us)});
  }
  // A smaller pool than nfv-switch sizes for NIC rings: these switches have vhost-user ports
  // only, whose frames hold an mbuf just for one burst. Every mbuf is touched at start-up, and
  // on these VMs first-touched memory is slow (47 MB: 0.3 s, up to 2 s under load), which a
  // restart-time test would measure instead of the reconnect.
  if (std::find(options.args.begin(), options.args.end(), "--mbufs") == options.args.end()) {
    process.argv.insert(process.argv.end(), {"--mbufs", "8191"});
  }
  process.argv.insert(process.argv.end(), options.args.begin(), options.args.end());
  process.log_path = dir.file(options.name + ".log");
  process.pipe_stdin = false;
  process.pipe_stdout = false;
  auto started = Subprocess::start(process);
  if (!started) return std::move(started).error();
  SwitchProcess sw(std::move(options), dir.path(), std::move(started).value());
  sw.control_socket_ = control;

  auto deadline = Clock::now() + std::chrono::seconds(30);
  while (true) {
    if (!sw.process_.running()) {
      return make_error("nfv-switch exited during start-up:\n{}", sw.process_.log_tail());
    }
    auto client = api::SwitchClient::connect(control, "e2e-test", std::chrono::seconds(10));
    if (client) {
      sw.client_.emplace(std::move(client).value());
      return sw;
    }
    if (Clock::now() > deadline) {
      return make_error("nfv-switch did not answer on {} within 30 s:\n{}", control,
                        sw.process_.log_tail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

SwitchProcess::~SwitchProcess() {
  if (process_.pid() > 0 && process_.running()) process_.terminate(std::chrono::seconds(10));
  if (!options_.file_prefix.empty()) remove_dpdk_runtime_dir(options_.file_prefix);
}

std::string SwitchProcess::socket_path(const std::string& port) const {
  return dir_ + "/" + port + ".sock";
}

Result<api::PortStats> SwitchProcess::stats(const std::string& port) {
  auto result = client_->call(api::kStatsGet, api::StatsParams{port});
  if (!result) return std::move(result).error();
  if (result->ports.size() != 1) return make_error("stats.get {}: no such port", port);
  return result->ports.front();
}

Result<api::PortInfo> SwitchProcess::port_info(const std::string& port) {
  auto result = client_->call(api::kPortList, {});
  if (!result) return std::move(result).error();
  for (api::PortInfo& info : result->ports) {
    if (info.name == port) return std::move(info);
  }
  return make_error("port.list: no port {}", port);
}

Result<ExitStatus> SwitchProcess::stop(std::chrono::milliseconds timeout) {
  client_.reset();
  ::kill(process_.pid(), SIGTERM);
  return process_.wait(Clock::now() + timeout);
}

void SwitchProcess::kill() {
  client_.reset();
  ::kill(process_.pid(), SIGKILL);
  (void)process_.wait(Clock::now() + std::chrono::seconds(10));
  remove_dpdk_runtime_dir(options_.file_prefix);
}

::testing::AssertionResult CountersBalance(const api::PortStats& s) {
  uint64_t ingress = 0;
  uint64_t egress = 0;
  for (const auto& reason : api::kDropReasons) {
    uint64_t count = s.drops.at(std::string(reason.name));
    // Device drops (the NIC's) are counted in rx_packets too: see drop_reasons.h.
    if (reason.side != api::DropSide::kEgress) ingress += count;
    if (reason.side == api::DropSide::kEgress) egress += count;
  }
  if (s.rx_packets != s.forwarded + ingress || s.rx_dropped != ingress) {
    return ::testing::AssertionFailure()
           << "port " << s.name << ": rx " << s.rx_packets << " != forwarded " << s.forwarded
           << " + ingress and device drops " << ingress << " (rx_dropped " << s.rx_dropped << ")";
  }
  if (s.tx_attempts != s.tx_packets + egress || s.tx_dropped != egress) {
    return ::testing::AssertionFailure()
           << "port " << s.name << ": tx attempts " << s.tx_attempts << " != tx " << s.tx_packets
           << " + egress drops " << egress << " (tx_dropped " << s.tx_dropped << ")";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace nfv::testing
