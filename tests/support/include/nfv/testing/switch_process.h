// nfv-switch as a real process for end-to-end tests: no hugepages, its own file prefix,
// control and vhost-user sockets in the test's directory, and a connected API client.
// The destructor stops it (SIGTERM, then SIGKILL) and removes what a killed switch left.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "nfv/api/switch_client.h"
#include "nfv/common/result.h"
#include "nfv/testing/subprocess.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::testing {

struct SwitchProcessOptions {
  std::string name = "switch";     // log file <name>.log, file prefix tag
  std::vector<std::string> args;   // ports, bridges... (--port, --bridge, --xconnect)
  std::vector<uint32_t> pmd_cpus;  // default: the last CPU
  // --idle-sleep-max-us; none: the switch's own default.
  std::optional<uint32_t> idle_sleep_max_us;
  std::string file_prefix;  // default: unique; reuse one to restart "the same" switch
};

class SwitchProcess {
 public:
  // Starts nfv-switch and waits (with a deadline) until its control socket answers.
  static Result<SwitchProcess> start(const TestDir& dir, SwitchProcessOptions options);

  SwitchProcess(SwitchProcess&&) noexcept = default;
  SwitchProcess& operator=(SwitchProcess&&) noexcept = default;
  ~SwitchProcess();

  api::SwitchClient& client() { return *client_; }
  // The vhost-user socket of a port added without an explicit path.
  std::string socket_path(const std::string& port) const;
  const std::string& control_socket() const { return control_socket_; }
  const std::string& file_prefix() const { return options_.file_prefix; }
  const std::string& log_path() const { return process_.log_path(); }
  Subprocess& process() { return process_; }

  // Port counters, or an error naming the port.
  Result<api::PortStats> stats(const std::string& port);
  // The port as port.list shows it (link, queues, reconnects), or an error naming it.
  Result<api::PortInfo> port_info(const std::string& port);
  // SIGTERM and the exit status (a clean stop exits 0).
  Result<ExitStatus> stop(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // SIGKILL: a crash, as far as everyone else can tell.
  void kill();

 private:
  SwitchProcess(SwitchProcessOptions options, std::string dir, Subprocess process)
      : options_(std::move(options)), dir_(std::move(dir)), process_(std::move(process)) {}

  SwitchProcessOptions options_;
  std::string dir_;
  std::string control_socket_;
  Subprocess process_;
  std::optional<api::SwitchClient> client_;
};

// rx == forwarded + ingress and device drops == forwarded + rx_dropped, and
// tx_attempts == tx_packets + egress drops.
::testing::AssertionResult CountersBalance(const api::PortStats& stats);

}  // namespace nfv::testing
