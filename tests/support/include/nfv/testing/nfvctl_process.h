// The nfvctl binary against a running switch, as an operator runs it from the shell. Header
// only: its users link both nfv_test_support (processes) and nfv_cli_test_support (CommandRun).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nfv/testing/command_run.h"
#include "nfv/testing/switch_process.h"
#include "nfv/testing/test_binaries.h"

namespace nfv::testing {

// nfvctl -s <sw's control socket> `args`; its stdout and stderr both land in `out`.
inline CommandRun nfvctl(const TestDir& dir, const SwitchProcess& sw,
                         std::vector<std::string> args) {
  static int runs = 0;
  auto binary = test_binary_path("nfvctl");
  EXPECT_TRUE(binary) << binary.error().message;
  SubprocessOptions options;
  options.argv = {*binary, "-s", sw.control_socket()};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.log_path = dir.file("nfvctl-" + std::to_string(++runs) + ".out");
  options.pipe_stdin = false;
  options.pipe_stdout = false;
  auto process = Subprocess::start(options);
  EXPECT_TRUE(process) << process.error().message;
  auto status = process->wait(Clock::now() + std::chrono::seconds(20));
  EXPECT_TRUE(status) << status.error().message;
  std::ifstream in(options.log_path);
  std::stringstream text;
  text << in.rdbuf();
  return {status->exited ? status->code : -1, text.str(), ""};
}

}  // namespace nfv::testing
