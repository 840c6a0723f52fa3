// The pidfd nfvd watches a switch through: readable the moment the process ends (kill -9
// included), a child's exit status read, an adopted process's end seen; a started process
// has its own session and output file, and neither nfvd's blocked nor ignored signals.
#include "nfv/nfvd/watched_process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <sstream>

#include "nfv/testing/result_assertions.h"
#include "nfv/testing/subprocess.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/wait.h"

namespace nfv::nfvd {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(WatchedProcess, AKilledChildIsSeenAndReaped) {
  NFV_ASSERT_OK_AND_ASSIGN(auto dir, nfv::testing::TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(auto process,
                           WatchedProcess::spawn({"sleep", "60"}, dir.file("out.log")));
  EXPECT_TRUE(process.is_child());
  EXPECT_FALSE(process.ended());
  ASSERT_EQ(::kill(process.pid(), SIGKILL), 0);
  ASSERT_TRUE(nfv::testing::wait_until([&] { return process.ended(); }, 5s, "the pidfd fires"));
  EXPECT_EQ(process.reap(), "killed by signal 9 (SIGKILL)");
}

TEST(WatchedProcess, AStartedProcessHasItsOwnSessionOutputAndSignals) {
  NFV_ASSERT_OK_AND_ASSIGN(auto dir, nfv::testing::TestDir::create());
  // nfvd blocks SIGTERM (signalfd) and ignores SIGPIPE: the switch must not inherit either.
  sigset_t term, old;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  ASSERT_EQ(sigprocmask(SIG_BLOCK, &term, &old), 0);
  auto process = WatchedProcess::spawn(
      {"sh", "-c", "echo sid=$(ps -o sid= -p $$ | tr -d ' ') pid=$$; exec sleep 60"},
      dir.file("out.log"));
  sigprocmask(SIG_SETMASK, &old, nullptr);
  ASSERT_TRUE(process) << process.error().message;
  ASSERT_TRUE(nfv::testing::wait_until(
      [&] { return read_file(dir.file("out.log")).find("pid=") != std::string::npos; }, 5s,
      "the child writes its output file"));
  std::string pid = std::to_string(process->pid());
  EXPECT_THAT(read_file(dir.file("out.log")), HasSubstr("sid=" + pid + " pid=" + pid));
  EXPECT_EQ(process->stop(5s), "killed by signal 15 (SIGTERM)") << "SIGTERM not blocked";
}

TEST(WatchedProcess, AMissingProgramEndsWithItsReasonInTheLog) {
  NFV_ASSERT_OK_AND_ASSIGN(auto dir, nfv::testing::TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(auto process,
                           WatchedProcess::spawn({dir.file("no-such-switch")}, dir.file("o.log")));
  ASSERT_TRUE(nfv::testing::wait_until([&] { return process.ended(); }, 5s, "it ends"));
  EXPECT_EQ(process.reap(), "exit code 127");
  EXPECT_THAT(read_file(dir.file("o.log")), HasSubstr("cannot execute"));
}

TEST(WatchedProcess, AnAdoptedProcessEndIsSeen) {
  NFV_ASSERT_OK_AND_ASSIGN(auto dir, nfv::testing::TestDir::create());
  nfv::testing::SubprocessOptions options;
  options.argv = {"sleep", "60"};
  options.log_path = dir.file("sleep.log");
  NFV_ASSERT_OK_AND_ASSIGN(auto other, nfv::testing::Subprocess::start(options));
  NFV_ASSERT_OK_AND_ASSIGN(auto adopted, WatchedProcess::adopt(other.pid()));
  EXPECT_FALSE(adopted.is_child());
  EXPECT_FALSE(adopted.ended());
  ::kill(other.pid(), SIGKILL);
  ASSERT_TRUE(nfv::testing::wait_until([&] { return adopted.ended(); }, 5s, "the pidfd fires"));
  EXPECT_THAT(adopted.reap(), HasSubstr("adopted"));
  EXPECT_FALSE(WatchedProcess::adopt(0)) << "no pid, nothing to adopt";
}

}  // namespace
}  // namespace nfv::nfvd
