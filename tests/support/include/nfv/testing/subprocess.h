// A child process for end-to-end tests: started from an argv (no shell), stdin and stdout
// as pipes, stderr appended to a log file; every wait has a deadline; the destructor stops
// it (SIGTERM, then SIGKILL after a grace period) so a failing test leaves nothing running.
// The child also gets SIGTERM if the test process dies (PR_SET_PDEATHSIG).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/file_tail.h"
#include "nfv/common/result.h"
#include "nfv/common/unique_fd.h"

namespace nfv::testing {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct ExitStatus {
  bool exited = false;  // false: killed by `signal`
  int code = 0;
  int signal = 0;

  bool success() const { return exited && code == 0; }
  std::string describe() const;  // "exit code 0", "killed by signal 9 (Killed)"
};

struct SubprocessOptions {
  std::vector<std::string> argv;  // argv[0]: a path, or a name looked up in PATH
  std::string log_path;           // stderr goes here (appended); also stdout without a pipe
  bool pipe_stdin = true;
  bool pipe_stdout = true;
  std::vector<std::string> extra_env;  // "NAME=value", added to this process's environment
  std::chrono::milliseconds stop_grace = 5s;
};

class Subprocess {
 public:
  static Result<Subprocess> start(SubprocessOptions options);

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();

  pid_t pid() const { return pid_; }
  // Readable when the process has exited (a pidfd), for poll() next to other fds.
  int exit_fd() const { return pid_fd_.get(); }
  // Reaps without blocking; true while it runs.
  bool running();

  Status write(std::string_view data);
  Status write_line(std::string_view line);
  void close_stdin();
  // The next stdout line (without its newline), or an error at the deadline, at the end of
  // the output, or when the process has exited.
  Result<std::string> read_line(Clock::time_point deadline);

  // The exit status, or an error if it is still running at the deadline.
  Result<ExitStatus> wait(Clock::time_point deadline);
  // SIGTERM, up to `grace` to exit, then SIGKILL; always reaps.
  ExitStatus terminate(std::chrono::milliseconds grace);

  const std::string& log_path() const { return options_.log_path; }
  // The last `lines` lines of the log, for failure messages.
  std::string log_tail(size_t lines = 25) const;
  // "nfv-traffic (pid 1234)"
  std::string describe() const;

 private:
  Subprocess() = default;
  void reset();

  SubprocessOptions options_;
  pid_t pid_ = -1;
  UniqueFd stdin_;
  UniqueFd stdout_;
  UniqueFd pid_fd_;
  std::string out_buffer_;
  std::optional<ExitStatus> status_;
};

// The last lines of a text file (nfv/common/file_tail.h), as tests have always called it.
using nfv::file_tail;

}  // namespace nfv::testing
