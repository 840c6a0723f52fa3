#include "nfv/testing/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>

#include "nfv/common/strings.h"

extern char** environ;

namespace nfv::testing {
namespace {

int pidfd_open(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

int milliseconds_until(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left.count(), INT32_MAX));
}

ExitStatus decode(int status) {
  ExitStatus exit;
  if (WIFEXITED(status)) {
    exit.exited = true;
    exit.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    exit.signal = WTERMSIG(status);
  }
  return exit;
}

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const std::vector<char*>& argv, const std::vector<char*>& envp, int in,
                             int out, int log, int report, pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (in >= 0) dup2(in, STDIN_FILENO);
  dup2(out >= 0 ? out : log, STDOUT_FILENO);
  dup2(log, STDERR_FILENO);
  if (argv[0][0] == '/' || std::strchr(argv[0], '/') != nullptr) {
    execve(argv[0], argv.data(), envp.data());
  } else {
    execvpe(argv[0], argv.data(), envp.data());
  }
  int error = errno;
  (void)!::write(report, &error, sizeof(error));
  _exit(127);
}

}  // namespace

std::string ExitStatus::describe() const {
  if (exited) return "exit code " + std::to_string(code);
  return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
}

Result<Subprocess> Subprocess::start(SubprocessOptions options) {
  if (options.argv.empty()) return make_error("Subprocess: empty argv");
  // A child that exits early must turn a write to its stdin into EPIPE, not kill the test.
  static const bool sigpipe_ignored = [] { return signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
  (void)sigpipe_ignored;
  if (options.log_path.empty()) return make_error("Subprocess {}: no log path", options.argv[0]);
  UniqueFd log(::open(options.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (!log.valid()) {
    return make_error("cannot open log {} for {}: {}", options.log_path, options.argv[0],
                      std::strerror(errno));
  }
  int in_pipe[2] = {-1, -1};
  int out_pipe[2] = {-1, -1};
  int report_pipe[2] = {-1, -1};
  if ((options.pipe_stdin && pipe2(in_pipe, O_CLOEXEC) != 0) ||
      (options.pipe_stdout && pipe2(out_pipe, O_CLOEXEC) != 0) ||
      pipe2(report_pipe, O_CLOEXEC) != 0) {
    return make_error("pipe2(): {}", std::strerror(errno));
  }
  UniqueFd in_read(in_pipe[0]), in_write(in_pipe[1]);
  UniqueFd out_read(out_pipe[0]), out_write(out_pipe[1]);
  UniqueFd report_read(report_pipe[0]), report_write(report_pipe[1]);

  // Everything the child needs is allocated before fork().
  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; ++e) env_storage.emplace_back(*e);
  env_storage.insert(env_storage.end(), options.extra_env.begin(), options.extra_env.end());
  std::vector<char*> envp;
  for (std::string& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_storage = options.argv;
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return make_error("fork() for {}: {}", options.argv[0], std::strerror(errno));
  if (pid == 0) {
    exec_child(argv, envp, in_read.get(), out_write.get(), log.get(), report_write.get(), parent);
  }
  report_write.reset();
  int exec_error = 0;
  ssize_t n = ::read(report_read.get(), &exec_error, sizeof(exec_error));
  if (n == sizeof(exec_error)) {
    waitpid(pid, nullptr, 0);
    return make_error("cannot execute {}: {}", options.argv[0], std::strerror(exec_error));
  }
  Subprocess process;
  process.options_ = std::move(options);
  process.pid_ = pid;
  process.stdin_ = std::move(in_write);
  process.stdout_ = std::move(out_read);
  process.pid_fd_ = UniqueFd(pidfd_open(pid));
  if (!process.pid_fd_.valid()) {
    return make_error("pidfd_open({}): {}", pid, std::strerror(errno));
  }
  return process;
}

Subprocess::Subprocess(Subprocess&& other) noexcept { *this = std::move(other); }

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this != &other) {
    reset();
    options_ = std::move(other.options_);
    pid_ = std::exchange(other.pid_, -1);
    stdin_ = std::move(other.stdin_);
    stdout_ = std::move(other.stdout_);
    pid_fd_ = std::move(other.pid_fd_);
    out_buffer_ = std::move(other.out_buffer_);
    status_ = std::exchange(other.status_, std::nullopt);
  }
  return *this;
}

Subprocess::~Subprocess() { reset(); }

void Subprocess::reset() {
  if (pid_ > 0 && !status_) terminate(options_.stop_grace);
  pid_ = -1;
}

bool Subprocess::running() {
  if (pid_ <= 0 || status_) return false;
  int status = 0;
  pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    status_ = decode(status);
    return false;
  }
  return done == 0;
}

Status Subprocess::write(std::string_view data) {
  if (!stdin_.valid()) return make_error("{}: stdin is closed", describe());
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(stdin_.get(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return make_error("{}: writing to its stdin: {} (has it exited?)", describe(),
                        std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

Status Subprocess::write_line(std::string_view line) {
  std::string text(line);
  text.push_back('\n');
  return write(text);
}

void Subprocess::close_stdin() { stdin_.reset(); }

Result<std::string> Subprocess::read_line(Clock::time_point deadline) {
  if (!stdout_.valid()) return make_error("{}: stdout is not a pipe", describe());
  while (true) {
    if (auto line = take_line(out_buffer_)) return *line;
    pollfd fds[2] = {{stdout_.get(), POLLIN, 0}, {pid_fd_.get(), POLLIN, 0}};
    int ready = ::poll(fds, 2, milliseconds_until(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return make_error("{}: no output line before the deadline", describe());
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      char chunk[65536];
      ssize_t n = ::read(stdout_.get(), chunk, sizeof(chunk));
      if (n > 0) {
        out_buffer_.append(chunk, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      running();
      return make_error("{}: closed its stdout{}", describe(),
                        status_ ? " (" + status_->describe() + ")" : std::string());
    }
    if (fds[1].revents & POLLIN) {
      // Exited, and stdout (checked first) has nothing left to read.
      running();
      return make_error("{} exited ({}) without writing a line", describe(),
                        status_ ? status_->describe() : "status unknown");
    }
  }
}

Result<ExitStatus> Subprocess::wait(Clock::time_point deadline) {
  if (status_) return *status_;
  if (pid_ <= 0) return make_error("no process to wait for");
  while (running()) {
    pollfd fd{pid_fd_.get(), POLLIN, 0};
    int ready = ::poll(&fd, 1, milliseconds_until(deadline));
    if (ready == 0 && running()) {
      return make_error("{} is still running at the deadline", describe());
    }
  }
  if (!status_) return make_error("{}: lost track of its exit status", describe());
  return *status_;
}

ExitStatus Subprocess::terminate(std::chrono::milliseconds grace) {
  if (status_) return *status_;
  if (pid_ <= 0) return ExitStatus{};
  if (running()) kill(pid_, SIGTERM);
  auto stopped = wait(Clock::now() + grace);
  if (stopped) return *stopped;
  kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  status_ = decode(status);
  return *status_;
}

std::string Subprocess::log_tail(size_t lines) const { return file_tail(options_.log_path, lines); }

std::string Subprocess::describe() const {
  std::string name = options_.argv.empty() ? "process" : options_.argv[0];
  auto slash = name.rfind('/');
  if (slash != std::string::npos) name = name.substr(slash + 1);
  return name + " (pid " + std::to_string(pid_) + ")";
}

}  // namespace nfv::testing
