// A process nfvd watches through a pidfd (readable the moment the process ends, kill -9
// included): one it started (its child, reaped for its exit status) or one it adopted (any
// pid of this pid namespace; its end is seen, its exit status belongs to its own parent).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/common/unique_fd.h"

namespace nfv::nfvd {

class WatchedProcess {
 public:
  // Starts argv[0] (a path, or a name looked up in PATH) in a session of its own, so that
  // nfvd's end or a Ctrl-C at nfvd's terminal does not reach it; stdin from /dev/null,
  // stdout and stderr appended to `log_path`; nfvd's blocked and ignored signals reset.
  static Result<WatchedProcess> spawn(const std::vector<std::string>& argv,
                                      const std::string& log_path);
  // Watches a process nfvd did not start.
  static Result<WatchedProcess> adopt(pid_t pid);

  WatchedProcess(WatchedProcess&&) noexcept = default;
  WatchedProcess& operator=(WatchedProcess&&) noexcept = default;

  pid_t pid() const { return pid_; }
  bool is_child() const { return child_; }
  int exit_fd() const { return pidfd_.get(); }  // readable once the process has ended
  bool ended() const;

  // After the end: reaps a child and says how it ended ("killed by signal 9 (SIGKILL)",
  // "exit code 1"); for an adopted process, that it ended.
  std::string reap();
  // SIGTERM, up to `grace` to end, then SIGKILL; reaps a child. How it ended.
  std::string stop(std::chrono::milliseconds grace);

 private:
  WatchedProcess(pid_t pid, bool child, UniqueFd pidfd)
      : pid_(pid), child_(child), pidfd_(std::move(pidfd)) {}
  bool wait_end(std::chrono::milliseconds timeout) const;

  pid_t pid_ = -1;
  bool child_ = false;
  UniqueFd pidfd_;
};

// "exit code 0", "killed by signal 9 (SIGKILL)", from a waitpid status.
std::string describe_wait_status(int status);

}  // namespace nfv::nfvd
