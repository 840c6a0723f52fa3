// dpdk-testpmd as a stand-in vhost-user switch for tests that need one before (or
// without) nfv-switch: one net_vhost port per socket, io forwarding port 0 <-> 1, 2 <-> 3...
// Non-interactive: it forwards until a newline (or EOF) on its stdin, then exits cleanly.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/testing/subprocess.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::testing {

struct TestpmdSwitchOptions {
  std::string name = "testpmd";      // log file <dir>/<name>.log
  std::vector<std::string> sockets;  // one vhost-user port each
  uint16_t queues = 1;               // queue pairs per port
  bool client = false;               // testpmd connects; the peers' ports are ',server'
  std::string forward_mode = "io";
  std::vector<std::string> extra_args;  // testpmd application arguments (after --)
  std::chrono::milliseconds start_timeout = 30s;
};

class TestpmdSwitch {
 public:
  // Returns once every socket exists (server mode) or testpmd is up (client mode).
  static Result<TestpmdSwitch> start(const TestDir& dir, TestpmdSwitchOptions options);

  TestpmdSwitch(TestpmdSwitch&&) noexcept = default;
  TestpmdSwitch& operator=(TestpmdSwitch&&) noexcept = default;
  ~TestpmdSwitch();

  // Ends forwarding and waits for the exit; removes its DPDK runtime directory.
  Result<ExitStatus> stop(std::chrono::milliseconds timeout = 20s);

  const std::string& file_prefix() const { return file_prefix_; }
  const std::string& log_path() const { return process_.log_path(); }
  Subprocess& process() { return process_; }

 private:
  TestpmdSwitch(std::string file_prefix, Subprocess process)
      : file_prefix_(std::move(file_prefix)), process_(std::move(process)) {}

  std::string file_prefix_;
  Subprocess process_;
  bool stopped_ = false;
};

// Waits until `path` exists, watching its directory with inotify; fails early if the
// process behind `exit_fd` (a pidfd) exits first.
Status wait_for_path(const std::string& path, int exit_fd, Clock::time_point deadline);

}  // namespace nfv::testing
