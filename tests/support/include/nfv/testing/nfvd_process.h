// nfvd as a process beside a running nfv-switch, and the programs an operator runs against it
// (nfvd --check-config, nfvctl --nfvd-socket). Header only, like nfvctl_process.h: its users
// link both nfv_test_support (processes) and nfv_cli_test_support (CommandRun).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nfv/api/switch_client.h"
#include "nfv/testing/command_run.h"
#include "nfv/testing/switch_process.h"
#include "nfv/testing/test_binaries.h"
#include "nfv/testing/wait.h"

namespace nfv::testing {

// A program run to its end; its stdout and stderr both land in `out`.
inline CommandRun run(const TestDir& dir, const std::string& program,
                      std::vector<std::string> args) {
  static int runs = 0;
  auto binary = test_binary_path(program);
  EXPECT_TRUE(binary) << binary.error().message;
  SubprocessOptions options;
  options.argv = {binary ? *binary : program};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.log_path = dir.file(program + "-" + std::to_string(++runs) + ".out");
  options.pipe_stdin = false;
  options.pipe_stdout = false;
  auto process = Subprocess::start(options);
  EXPECT_TRUE(process) << process.error().message;
  if (!process) return {};
  auto status = process->wait(Clock::now() + std::chrono::seconds(30));
  EXPECT_TRUE(status) << status.error().message;
  std::ifstream in(options.log_path);
  std::stringstream text;
  text << in.rdbuf();
  return {status && status->exited ? status->code : -1, text.str(), ""};
}

// nfvd in the foreground, its state and socket (nfvd.sock) in the test's directory;
// `extra_args` appended (e.g. --drift-interval 0.2); `extra_env`: "NAME=value" for it (the
// crash tests' NFVD_PAUSE_AFTER_STEP).
inline Result<Subprocess> start_nfvd(const TestDir& dir, const SwitchProcess& sw,
                                     const std::vector<std::string>& extra_args = {},
                                     std::vector<std::string> extra_env = {}) {
  auto binary = test_binary_path("nfvd");
  if (!binary) return std::move(binary).error();
  SubprocessOptions options;
  // --metrics-port 0: tests running side by side never share the default port.
  options.argv = {*binary,
                  "--socket",
                  dir.file("nfvd.sock"),
                  "--state-dir",
                  dir.file("state"),
                  "--switch-socket",
                  sw.control_socket(),
                  "--metrics-port",
                  "0"};
  options.argv.insert(options.argv.end(), extra_args.begin(), extra_args.end());
  options.log_path = dir.file("nfvd.log");
  options.pipe_stdin = false;
  options.pipe_stdout = false;
  options.extra_env = std::move(extra_env);
  auto nfvd = Subprocess::start(options);
  if (!nfvd) return nfvd;
  bool answers = poll_until(
      [&] {
        return !nfvd->running() ||
               api::SwitchClient::connect(dir.file("nfvd.sock"), "e2e-test").ok();
      },
      std::chrono::seconds(20));
  if (!answers || !nfvd->running()) {
    return make_error("nfvd did not answer on {}:\n{}", dir.file("nfvd.sock"), nfvd->log_tail());
  }
  return nfvd;
}

// A new test directory with nfv-switch and nfvd beside it (no config applied yet).
struct SwitchWithNfvd {
  TestDir dir;
  SwitchProcess sw;
  Subprocess nfvd;
};

inline Result<SwitchWithNfvd> start_switch_with_nfvd() {
  auto dir = TestDir::create();
  if (!dir) return std::move(dir).error();
  auto sw = SwitchProcess::start(*dir, {});
  if (!sw) return std::move(sw).error();
  auto nfvd = start_nfvd(*dir, *sw);
  if (!nfvd) return std::move(nfvd).error();
  return SwitchWithNfvd{std::move(dir).value(), std::move(sw).value(), std::move(nfvd).value()};
}

// nfvctl --nfvd-socket <the test's nfvd> `args` (with -s, the switch's socket for switch
// commands, when `sw` is given).
inline CommandRun nfvctl(const TestDir& dir, std::vector<std::string> args,
                         const SwitchProcess* sw = nullptr) {
  args.insert(args.begin(), {"--nfvd-socket", dir.file("nfvd.sock")});
  if (sw != nullptr) args.insert(args.begin(), {"-s", sw->control_socket()});
  return run(dir, "nfvctl", std::move(args));
}

// The switch's port names, sorted.
inline std::vector<std::string> port_names(SwitchProcess& sw) {
  std::vector<std::string> names;
  auto ports = sw.client().call(api::kPortList);
  EXPECT_TRUE(ports) << ports.error().message;
  if (ports) {
    for (const auto& port : ports->ports) names.push_back(port.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace nfv::testing
