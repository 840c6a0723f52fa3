#include "nfv/testing/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::testing {
namespace {

class SubprocessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TestDir::create();
    ASSERT_TRUE(dir.ok()) << dir.error().message;
    dir_.emplace(std::move(dir).value());
  }

  SubprocessOptions options(std::vector<std::string> argv) const {
    SubprocessOptions o;
    o.argv = std::move(argv);
    o.log_path = dir_->file("child.log");
    return o;
  }

  std::optional<TestDir> dir_;
};

TEST_F(SubprocessTest, TalksThroughPipesWithoutAShell) {
  // An argument with spaces and quotes reaches the program verbatim: no shell is involved.
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess cat, Subprocess::start(options({"cat"})));
  NFV_ASSERT_OK(cat.write_line("hello \"world\" $HOME"));
  NFV_ASSERT_OK_AND_ASSIGN(std::string line, cat.read_line(Clock::now() + 10s));
  EXPECT_EQ(line, "hello \"world\" $HOME");
  cat.close_stdin();
  NFV_ASSERT_OK_AND_ASSIGN(ExitStatus status, cat.wait(Clock::now() + 10s));
  EXPECT_TRUE(status.success());
  EXPECT_EQ(status.describe(), "exit code 0");
}

TEST_F(SubprocessTest, ReportsExitCodesAndStderrGoesToTheLog) {
  NFV_ASSERT_OK_AND_ASSIGN(
      Subprocess sh,
      Subprocess::start(options({"sh", "-c", "echo first >&2; echo second >&2; exit 3"})));
  NFV_ASSERT_OK_AND_ASSIGN(ExitStatus status, sh.wait(Clock::now() + 10s));
  EXPECT_TRUE(status.exited);
  EXPECT_EQ(status.code, 3);
  EXPECT_FALSE(status.success());
  EXPECT_EQ(sh.log_tail(), "first\nsecond\n");
  EXPECT_EQ(sh.log_tail(1), "second\n");
  auto line = sh.read_line(Clock::now() + 10s);
  ASSERT_FALSE(line.ok());
  EXPECT_NE(line.error().message.find("closed its stdout (exit code 3)"), std::string::npos);
}

TEST_F(SubprocessTest, DeadlinesAreErrorsNotHangs) {
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess sleeper, Subprocess::start(options({"sleep", "30"})));
  auto line = sleeper.read_line(Clock::now() + 50ms);
  ASSERT_FALSE(line.ok());
  EXPECT_NE(line.error().message.find("sleep (pid " + std::to_string(sleeper.pid()) +
                                      "): no output line before the deadline"),
            std::string::npos);
  auto status = sleeper.wait(Clock::now() + 50ms);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("is still running at the deadline"), std::string::npos);
  EXPECT_TRUE(sleeper.running());
  ExitStatus stopped = sleeper.terminate(5s);
  EXPECT_FALSE(stopped.exited);
  EXPECT_EQ(stopped.signal, SIGTERM);
  EXPECT_FALSE(sleeper.running());
}

TEST_F(SubprocessTest, TerminateEscalatesToSigkill) {
  // The exec'd sleep inherits the ignored SIGTERM.
  NFV_ASSERT_OK_AND_ASSIGN(
      Subprocess stubborn,
      Subprocess::start(options({"sh", "-c", "trap '' TERM; echo ready; exec sleep 30"})));
  NFV_ASSERT_OK(stubborn.read_line(Clock::now() + 10s));
  auto started = Clock::now();
  ExitStatus stopped = stubborn.terminate(200ms);
  EXPECT_EQ(stopped.signal, SIGKILL);
  EXPECT_EQ(stopped.describe(), "killed by signal 9 (Killed)");
  EXPECT_LT(Clock::now() - started, 5s);
}

TEST_F(SubprocessTest, TheDestructorStopsWhatIsStillRunning) {
  pid_t pid = 0;
  {
    NFV_ASSERT_OK_AND_ASSIGN(Subprocess sleeper, Subprocess::start(options({"sleep", "30"})));
    pid = sleeper.pid();
    ASSERT_EQ(kill(pid, 0), 0);
  }
  EXPECT_EQ(kill(pid, 0), -1);  // terminated and reaped: the pid is gone
  EXPECT_EQ(errno, ESRCH);
}

TEST_F(SubprocessTest, AMissingProgramIsAnErrorThatNamesIt) {
  auto missing = Subprocess::start(options({"/nonexistent/program", "x"}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "cannot execute /nonexistent/program: No such file or directory");
  SubprocessOptions bad_log = options({"true"});
  bad_log.log_path = dir_->file("no/dir/x.log");
  auto no_log = Subprocess::start(bad_log);
  ASSERT_FALSE(no_log.ok());
  EXPECT_NE(no_log.error().message.find("cannot open log"), std::string::npos);
}

TEST_F(SubprocessTest, ExtraEnvironmentReachesTheChild) {
  SubprocessOptions o = options({"sh", "-c", "echo \"$NFV_SUBPROCESS_TEST\""});
  o.extra_env = {"NFV_SUBPROCESS_TEST=seen"};
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess sh, Subprocess::start(o));
  NFV_ASSERT_OK_AND_ASSIGN(std::string line, sh.read_line(Clock::now() + 10s));
  EXPECT_EQ(line, "seen");
}

}  // namespace
}  // namespace nfv::testing
