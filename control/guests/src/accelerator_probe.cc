// KVM or TCG by booting the tiny guest once under KVM (see accelerator_probe.h).
#include "nfv/guests/accelerator_probe.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include "nfv/common/result.h"
#include "nfv/common/unique_fd.h"

extern char** environ;

namespace nfv::guests {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollInterval = std::chrono::milliseconds(50);

ProbeResult use_tcg(std::string why) {
  return ProbeResult{Accelerator::kTcg, std::move(why) + ": using TCG", 0};
}

// A private directory for the console and QEMU's messages; removed with everything in it.
class ProbeDir {
 public:
  static Result<ProbeDir> create() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/nfv-accel-probe-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      return make_error_code(errno, "cannot create a directory {} ({}); check TMPDIR", pattern,
                             std::strerror(errno));
    }
    return ProbeDir(pattern);
  }
  ProbeDir(ProbeDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  ProbeDir& operator=(ProbeDir&&) = delete;
  ProbeDir(const ProbeDir&) = delete;
  ~ProbeDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  explicit ProbeDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// QEMU in a process group of its own: killed with the whole group and reaped, always.
class ProbeProcess {
 public:
  explicit ProbeProcess(pid_t pid) : pid_(pid) {}
  ProbeProcess(const ProbeProcess&) = delete;
  ProbeProcess& operator=(const ProbeProcess&) = delete;
  ~ProbeProcess() { stop(); }

  // True once it exited (then `status` holds waitpid's status).
  bool exited(int& status) {
    if (pid_ <= 0) return true;
    pid_t got = ::waitpid(pid_, &status, WNOHANG);
    if (got == pid_ || (got < 0 && errno == ECHILD)) {
      pid_ = -1;
      return true;
    }
    return false;
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }

 private:
  pid_t pid_;
};

Result<pid_t> spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group (killed as one), default signal dispositions and an empty mask
  // whatever the caller blocks or ignores.
  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return make_error_code(rc, "cannot run {} ({})", argv[0], std::strerror(rc));
  return pid;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The last non-empty line of a text (QEMU's error message, the console's last words).
std::string last_line(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  std::string last;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) last = line;
  }
  return last;
}

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return fmt::format("exit code {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
  return "ended";
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Polls the console file for the up line until the deadline or QEMU's end.
ProbeResult wait_for_boot(ProbeProcess& qemu, const ProbeDir& dir, Clock::time_point start,
                          std::chrono::seconds timeout) {
  const auto deadline = start + timeout;
  for (;;) {
    if (read_text(dir.file("console")).find(kGuestUpMarker) != std::string::npos) {
      double seconds = seconds_since(start);
      return ProbeResult{Accelerator::kKvm,
                         fmt::format("KVM: the probe guest booted in {:.1f} s", seconds), seconds};
    }
    int status = 0;
    if (qemu.exited(status)) {
      std::string message = last_line(read_text(dir.file("qemu.log")));
      if (message.empty()) message = last_line(read_text(dir.file("console")));
      return use_tcg(
          fmt::format("KVM present but QEMU ended before the probe guest booted ({}{}{})",
                      describe_exit(status), message.empty() ? "" : ": ", message));
    }
    if (Clock::now() >= deadline) {
      return use_tcg(
          fmt::format("KVM present but the probe guest did not boot in {} s (a software or nested "
                      "hypervisor)",
                      timeout.count()));
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

}  // namespace

std::vector<std::string> probe_qemu_argv(const std::string& qemu_binary, const std::string& kernel,
                                         const std::string& initrd,
                                         const std::string& console_file) {
  return {qemu_binary,
          "-accel",
          "kvm",
          "-cpu",
          "host,-arch-capabilities",
          "-m",
          "128",
          "-display",
          "none",
          "-nodefaults",
          "-no-user-config",
          "-no-reboot",
          "-kernel",
          kernel,
          "-initrd",
          initrd,
          "-append",
          "console=ttyS0 panic=-1",
          "-serial",
          "file:" + console_file};
}

ProbeResult probe_accelerator(const std::string& kernel, const std::string& initrd,
                              std::chrono::seconds timeout, const std::string& qemu_binary) {
  UniqueFd kvm(::open("/dev/kvm", O_RDWR | O_CLOEXEC));
  if (!kvm.valid()) {
    return use_tcg(fmt::format("/dev/kvm cannot be opened read-write ({})", std::strerror(errno)));
  }
  kvm.reset();
  for (const auto& file : {kernel, initrd}) {
    if (::access(file.c_str(), R_OK) != 0) {
      return use_tcg(fmt::format(
          "KVM present but not probed: the probe guest's {} is not readable ({}); build it with "
          "scripts/guest-image",
          file, std::strerror(errno)));
    }
  }
  auto dir = ProbeDir::create();
  if (!dir) return use_tcg("KVM present but not probed: " + dir.error().message);
  const auto start = Clock::now();
  auto pid = spawn(probe_qemu_argv(qemu_binary, kernel, initrd, dir->file("console")),
                   dir->file("qemu.log"));
  if (!pid) return use_tcg("KVM present but not probed: " + pid.error().message);
  ProbeProcess qemu(*pid);
  return wait_for_boot(qemu, *dir, start, timeout);
}

}  // namespace nfv::guests
