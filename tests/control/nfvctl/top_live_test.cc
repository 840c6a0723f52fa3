// nfvctl top's live view on a pseudo-terminal, against a fake nfvd: it draws on the alternate
// screen, follows keys, and leaves the terminal as it found it on q and on SIGTERM.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <optional>

#include "fake_rpc_server.h"
#include "nfv/api/telemetry_api.h"
#include "nfv/testing/test_binaries.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::nfvctl {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kEnterScreen = "\x1b[?1049h";
constexpr std::string_view kLeaveScreen = "\x1b[?25h\x1b[?1049l";

api::TelemetryHistory one_sample(const api::TelemetryParams&) {
  api::TelemetrySample sample;
  sample.utc = "2026-12-07T14:00:00Z";
  sample.interval_s = 1;
  sample.switch_up = true;
  api::TelemetryPort port;
  port.name = "vm1";
  port.guest = "vm-a";
  port.loss_ratio = 0.5;
  port.verdict = api::kVerdictSwitchOverloaded;
  port.verdict_text = "the PMD polling vm1 is saturated";
  sample.ports.push_back(port);
  api::TelemetryHistory history;
  history.interval_s = 1;
  history.samples.push_back(sample);
  return history;
}

// nfvctl top on a 100x30 pseudo-terminal; the test reads what it draws and types keys.
class TopLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NFV_ASSERT_OK_AND_ASSIGN(auto dir, nfv::testing::TestDir::create());
    dir_.emplace(std::move(dir));
    nfvd_.dispatcher().add(api::kNfvdTelemetry, [](const api::TelemetryParams& p) {
      return Result<api::TelemetryHistory>(one_sample(p));
    });
    nfvd_.start(dir_->file("nfvd.sock"));
    NFV_ASSERT_OK_AND_ASSIGN(std::string nfvctl, nfv::testing::test_binary_path("nfvctl"));
    std::string socket = dir_->file("nfvd.sock");
    winsize size{30, 100, 0, 0};
    pid_ = ::forkpty(&master_, nullptr, nullptr, &size);
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      ::execl(nfvctl.c_str(), "nfvctl", "--nfvd-socket", socket.c_str(), "top", "--interval", "0.2",
              nullptr);
      ::_exit(127);
    }
  }
  void TearDown() override {
    if (pid_ > 0 && !exit_code_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) ::close(master_);
  }

  // Reads what nfvctl draws until `text` appears; false at the deadline.
  bool wait_for(std::string_view text, std::chrono::seconds within = std::chrono::seconds(10)) {
    auto deadline = Clock::now() + within;
    while (screen_.find(text) == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0 || !read_some(static_cast<int>(left.count()))) return false;
    }
    return true;
  }
  bool read_some(int timeout_ms) {
    pollfd fd{master_, POLLIN, 0};
    if (::poll(&fd, 1, timeout_ms) <= 0) return false;
    char buffer[4096];
    ssize_t n = ::read(master_, buffer, sizeof buffer);
    if (n <= 0) return false;  // EIO: the child closed the terminal
    screen_.append(buffer, static_cast<size_t>(n));
    return true;
  }
  void type(std::string_view keys) {
    ASSERT_EQ(::write(master_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
  }
  // nfvctl's exit code once it ended (1000 + the signal that killed it), reading what it still
  // draws; nullopt at the deadline.
  std::optional<int> wait_exit() {
    auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        while (read_some(0)) {
        }
        // Killed by a signal (not handled): a code no exit() gives.
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
        return exit_code_;
      }
      read_some(50);
    }
    return std::nullopt;
  }

  std::optional<nfv::testing::TestDir> dir_;
  nfv::testing::FakeRpcServer nfvd_{"nfvd"};
  int master_ = -1;
  pid_t pid_ = -1;
  std::string screen_;
  std::optional<int> exit_code_;
};

TEST_F(TopLiveTest, DrawsFollowsKeysAndRestoresTheTerminalOnQuit) {
  ASSERT_TRUE(wait_for("port vm1: the PMD polling vm1 is saturated")) << screen_;
  EXPECT_EQ(screen_.find(kEnterScreen), 0u) << "the alternate screen first";
  EXPECT_THAT(screen_, HasSubstr("sort loss"));
  termios running{};
  ASSERT_EQ(::tcgetattr(master_, &running), 0);
  EXPECT_FALSE(running.c_lflag & (ICANON | ECHO)) << "raw while the view runs";
  type("n");
  EXPECT_TRUE(wait_for("sort name")) << screen_;
  type("/vm-b\r");
  EXPECT_TRUE(wait_for("no port matches \"vm-b\"")) << screen_;
  type("q");
  EXPECT_EQ(wait_exit(), 0);
  EXPECT_THAT(screen_.substr(screen_.size() - std::min(screen_.size(), size_t{16})),
              HasSubstr(kLeaveScreen))
      << "the normal screen and the cursor back, last";
  termios settings{};
  ASSERT_EQ(::tcgetattr(master_, &settings), 0);
  EXPECT_TRUE(settings.c_lflag & ICANON) << "line editing back";
  EXPECT_TRUE(settings.c_lflag & ECHO) << "echo back";
}

TEST_F(TopLiveTest, SigtermEndsTheViewAndRestoresTheTerminal) {
  ASSERT_TRUE(wait_for("vm-a")) << screen_;
  ASSERT_EQ(::kill(pid_, SIGTERM), 0);
  EXPECT_EQ(wait_exit(), 128 + SIGTERM) << "ended by the signal, through its own exit";
  EXPECT_THAT(screen_, HasSubstr(kLeaveScreen));
  termios settings{};
  ASSERT_EQ(::tcgetattr(master_, &settings), 0);
  EXPECT_TRUE(settings.c_lflag & ECHO);
}

}  // namespace
}  // namespace nfv::nfvctl
