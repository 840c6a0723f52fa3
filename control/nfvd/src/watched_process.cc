#include "nfv/nfvd/watched_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace nfv::nfvd {
namespace {

Result<UniqueFd> open_pidfd(pid_t pid) {
  UniqueFd fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!fd.valid()) return make_error("pidfd_open({}): {}", pid, std::strerror(errno));
  return fd;
}

// In the child, before exec: only async-signal-safe calls. Never returns.
[[noreturn]] void exec_child(char* const* argv, int log_fd, int null_fd) {
  ::setsid();
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);  // nfvd blocks SIGTERM/SIGINT for its signalfd
  ::signal(SIGPIPE, SIG_DFL);                // and ignores SIGPIPE
  ::dup2(null_fd, STDIN_FILENO);
  ::dup2(log_fd, STDOUT_FILENO);
  ::dup2(log_fd, STDERR_FILENO);
  ::execvp(argv[0], argv);
  const char* reason = std::strerror(errno);
  (void)!::write(log_fd, "nfvd: cannot execute ", 21);
  (void)!::write(log_fd, argv[0], std::strlen(argv[0]));
  (void)!::write(log_fd, ": ", 2);
  (void)!::write(log_fd, reason, std::strlen(reason));
  (void)!::write(log_fd, "\n", 1);
  ::_exit(127);
}

}  // namespace

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return fmt::format("exit code {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const char* name = sigabbrev_np(WTERMSIG(status));
    return fmt::format("killed by signal {} (SIG{})", WTERMSIG(status), name ? name : "?");
  }
  return fmt::format("wait status {:#x}", status);
}

Result<WatchedProcess> WatchedProcess::spawn(const std::vector<std::string>& argv,
                                             const std::string& log_path) {
  if (argv.empty()) return make_error("no program to start");
  UniqueFd log_fd(::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640));
  if (!log_fd.valid()) return make_error("cannot open {}: {}", log_path, std::strerror(errno));
  UniqueFd null_fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!null_fd.valid()) return make_error("cannot open /dev/null: {}", std::strerror(errno));
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return make_error("cannot start {}: fork: {}", argv[0], std::strerror(errno));
  if (pid == 0) exec_child(args.data(), log_fd.get(), null_fd.get());
  auto pidfd = open_pidfd(pid);
  if (!pidfd) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return std::move(pidfd).error();
  }
  return WatchedProcess(pid, true, std::move(pidfd).value());
}

Result<WatchedProcess> WatchedProcess::adopt(pid_t pid) {
  if (pid <= 0) return make_error("no pid to watch ({})", pid);
  auto pidfd = open_pidfd(pid);
  if (!pidfd) return std::move(pidfd).error();
  return WatchedProcess(pid, false, std::move(pidfd).value());
}

bool WatchedProcess::wait_end(std::chrono::milliseconds timeout) const {
  pollfd fd{pidfd_.get(), POLLIN, 0};
  int ready;
  do {
    ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  return ready > 0;
}

bool WatchedProcess::ended() const { return wait_end(std::chrono::milliseconds(0)); }

std::string WatchedProcess::reap() {
  if (!child_) return "ended (adopted: its exit status goes to its own parent)";
  int status = 0;
  pid_t reaped;
  do {
    reaped = ::waitpid(pid_, &status, 0);
  } while (reaped < 0 && errno == EINTR);
  if (reaped != pid_) return fmt::format("ended (waitpid: {})", std::strerror(errno));
  return describe_wait_status(status);
}

std::string WatchedProcess::stop(std::chrono::milliseconds grace) {
  ::syscall(SYS_pidfd_send_signal, pidfd_.get(), SIGTERM, nullptr, 0);
  if (!wait_end(grace)) {
    ::syscall(SYS_pidfd_send_signal, pidfd_.get(), SIGKILL, nullptr, 0);
    wait_end(std::chrono::seconds(10));
  }
  return reap();
}

}  // namespace nfv::nfvd
