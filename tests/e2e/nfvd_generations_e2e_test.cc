// Generations, the confirmation window and recovery after a crash, against a real nfv-switch
// with DPDK virtio-user guests on bridge br0 whose ports no change touches:
// - `apply --confirm-timeout` without `commit` rolls back by itself; with it the change stays;
//   nfvd killed inside the window and started again still rolls back at the deadline;
// - `rollback` returns to the previous generation; a different config is refused while an
//   apply waits for confirmation;
// - nfvd killed (kill -9) at each step of an apply in turn and started again ends the host in
//   the old generation or the new one, never between, with no frame lost between the guests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>

#include "nfv/api/nfvd_api.h"
#include "nfv/testing/guest_traffic.h"
#include "nfv/testing/guests.h"
#include "nfv/testing/nfvd_process.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_guests.h"

namespace nfv::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;

// The guests' bridge br0 (a, b: the switch's vhost-user sockets) in both; `lab` adds a lab
// bridge of null devices with a VLAN, a static MAC and a second bridge: several steps, none on
// a, b or br0.
std::string write_generation_config(const TestDir& dir, const std::string& name, bool lab) {
  std::string path = dir.file(name);
  std::ofstream out(path);
  out << "switch:\n  vhost_mode: server\n  vhost_dir: " << dir.path() << "\n"
      << "ports:\n  - {name: a, socket: a.sock}\n  - {name: b, socket: b.sock}\n";
  if (lab) {
    out << "  - {name: lab0, vdev: net_null10, vlan: {mode: access, tag: 30}}\n"
        << "  - {name: lab1, vdev: net_null11}\n  - {name: lab2, vdev: net_null12}\n";
  }
  out << "bridges:\n  - {name: br0, ports: [a, b]}\n";
  if (lab) {
    out << "  - name: lab\n    ports: [lab0, lab1]\n"
        << "    macs: [{mac: \"02:00:00:00:00:cc\", port: lab1}]\n"
        << "  - {name: lab2br, ports: [lab2]}\n";
  }
  return path;
}

struct Host {
  TestDir dir;
  SwitchProcess sw;
  Subprocess nfvd;
  std::string plain;  // br0 only
  std::string lab;    // br0 and the lab bridges
};

Result<Host> start_host() {
  auto started = start_switch_with_nfvd();
  if (!started) return std::move(started).error();
  auto& [dir, sw, nfvd] = *started;
  std::string plain = write_generation_config(dir, "plain.yaml", false);
  std::string lab = write_generation_config(dir, "lab.yaml", true);
  CommandRun applied = nfvctl(dir, {"apply", plain});
  if (applied.exit_code != 0) return make_error("nfvctl apply: {}", applied.out);
  return Host{std::move(dir), std::move(sw), std::move(nfvd), plain, lab};
}

Result<api::NfvdStatus> status_of(const TestDir& dir) {
  auto client = api::SwitchClient::connect(dir.file("nfvd.sock"), "e2e-test", seconds(5));
  if (!client) return std::move(client).error();
  return client->call(api::kNfvdStatus);
}

// How many steps applying `config` would take now (0: the host is in that state).
size_t steps_to(Host& h, const std::string& config) {
  auto plan = nfvctl(h.dir, {"--json", "diff", config}).json();
  return plan["plan"]["steps"].size();
}

// Nothing to do to get there, and nothing left that nfvd disowned (a leaked object of the
// other generation would be listed as foreign).
::testing::AssertionResult InState(Host& h, const std::string& config) {
  auto plan = nfvctl(h.dir, {"--json", "diff", config}).json();
  if (plan["plan"]["steps"].empty() && plan["plan"]["foreign"].empty()) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "the host is not in " << config << ": " << plan.dump(1);
}

// The newest generation kept is the desired one: no file of an apply that never finished.
::testing::AssertionResult NoUnfinishedGeneration(Host& h, const api::NfvdStatus& status) {
  auto list = nfvctl(h.dir, {"--json", "generations"}).json();
  const auto& kept = list["generations"];
  if (!kept.empty() && kept[0]["generation"] == status.generations.desired) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "generations: " << list.dump(1);
}

// Polls nfvd's status until `done` holds (deadline `limit`).
template <typename Predicate>
Result<api::NfvdStatus> wait_status(Host& h, Predicate done, seconds limit) {
  std::optional<api::NfvdStatus> last;
  bool reached = poll_until(
      [&] {
        auto status = status_of(h.dir);
        if (status) last = *status;
        return status && done(*status);
      },
      limit, milliseconds(50));
  if (!reached) {
    return make_error("nfvd's status did not get there: {}\n{}",
                      last ? api::to_wire(*last).dump(1) : "no answer", h.nfvd.log_tail(20));
  }
  return *last;
}

bool process_stopped(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'T';
}

Result<Subprocess> nfvctl_in_background(Host& h, std::vector<std::string> args) {
  auto binary = test_binary_path("nfvctl");
  if (!binary) return std::move(binary).error();
  SubprocessOptions options;
  options.argv = {*binary, "--nfvd-socket", h.dir.file("nfvd.sock")};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.log_path = h.dir.file("nfvctl-background.out");
  options.pipe_stdin = false;
  options.pipe_stdout = false;
  return Subprocess::start(options);
}

// nfvd stopped the way a crash stops it: kill -9, while the apply `args` runs, once `steps`
// of its steps are done (nfvd pauses itself there: NFVD_PAUSE_AFTER_STEP); then started again.
Status crash_during_apply(Host& h, size_t steps, std::vector<std::string> args) {
  (void)h.nfvd.terminate(seconds(10));
  auto paused = start_nfvd(h.dir, h.sw, {}, {"NFVD_PAUSE_AFTER_STEP=" + std::to_string(steps)});
  if (!paused) return std::move(paused).error();
  h.nfvd = std::move(paused).value();
  auto client = nfvctl_in_background(h, std::move(args));
  if (!client) return std::move(client).error();
  pid_t pid = h.nfvd.pid();
  if (!poll_until([&] { return process_stopped(pid); }, seconds(30), milliseconds(5))) {
    return make_error("nfvd did not reach step {}:\n{}", steps, h.nfvd.log_tail(20));
  }
  ::kill(pid, SIGKILL);
  (void)h.nfvd.wait(Clock::now() + seconds(10));
  auto ended = client->wait(Clock::now() + seconds(10));
  if (!ended || ended->success()) return make_error("nfvctl did not see nfvd go away");
  auto start = Clock::now();
  auto restarted = start_nfvd(h.dir, h.sw);
  if (!restarted) return std::move(restarted).error();
  h.nfvd = std::move(restarted).value();
  // Start to serving: the recovery runs before nfvd answers.
  std::printf("killed after %zu step(s): the next nfvd recovered and answered in %.3f s\n", steps,
              std::chrono::duration<double>(Clock::now() - start).count());
  return {};
}

TEST(NfvdGenerationsE2e, AnUnconfirmedApplyRollsBackAndACommittedOneStays) {
  NFV_ASSERT_OK_AND_ASSIGN(Host h, start_host());
  NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus first, status_of(h.dir));
  EXPECT_EQ(first.generations.desired, 1u);
  EXPECT_EQ(first.generations.observed, 1u);

  CommandRun trial = nfvctl(h.dir, {"apply", "--confirm-timeout", "8", h.lab});
  ASSERT_EQ(trial.exit_code, 0) << trial.out;
  EXPECT_THAT(trial.out, HasSubstr("run nfvctl commit before"));
  EXPECT_TRUE(InState(h, h.lab));
  CommandRun shown = nfvctl(h.dir, {"status"});
  EXPECT_THAT(shown.out, HasSubstr("confirm:      generation 2 rolls back to 1"));
  CommandRun refused = nfvctl(h.dir, {"apply", h.plain});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.out, HasSubstr("generation 2 waits for confirmation"));
  EXPECT_THAT(refused.out, HasSubstr("nfvctl commit"));

  // No commit: at the deadline nfvd applies generation 1's config again, as generation 3.
  NFV_ASSERT_OK_AND_ASSIGN(
      api::NfvdStatus rolled,
      wait_status(
          h, [](const api::NfvdStatus& s) { return s.generations.desired == 3; }, seconds(20)));
  EXPECT_EQ(rolled.generations.confirm.generation, 0u);
  EXPECT_EQ(rolled.generations.observed, 3u);
  EXPECT_TRUE(InState(h, h.plain));
  auto history = nfvctl(h.dir, {"--json", "generations"}).json();
  ASSERT_EQ(history["generations"].size(), 3u) << history.dump(1);
  EXPECT_EQ(history["generations"][0]["origin"], "confirm timeout: rollback to 1");
  EXPECT_THAT(h.nfvd.log_tail(30), HasSubstr("generation 2 was not confirmed"));

  // With a commit inside the window the change stays past its deadline.
  CommandRun kept = nfvctl(h.dir, {"apply", "--confirm-timeout", "2", h.lab});
  ASSERT_EQ(kept.exit_code, 0) << kept.out;
  CommandRun commit = nfvctl(h.dir, {"commit"});
  ASSERT_EQ(commit.exit_code, 0) << commit.out;
  EXPECT_THAT(commit.out, HasSubstr("generation 4 confirmed"));
  std::time_t past_deadline = std::time(nullptr) + 3;
  ASSERT_TRUE(poll_until([&] { return std::time(nullptr) > past_deadline; }, seconds(10)));
  NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus after, status_of(h.dir));
  EXPECT_EQ(after.generations.desired, 4u);
  EXPECT_EQ(after.generations.confirm.generation, 0u);
  EXPECT_TRUE(InState(h, h.lab));
  CommandRun again = nfvctl(h.dir, {"commit"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.out, HasSubstr("no apply waits for confirmation"));

  // rollback: back to what generation 4 replaced (3, the plain config), as generation 5; a
  // second one goes back to what 5 replaced.
  CommandRun back = nfvctl(h.dir, {"rollback"});
  ASSERT_EQ(back.exit_code, 0) << back.out;
  EXPECT_THAT(back.out, HasSubstr("generation 5"));
  EXPECT_TRUE(InState(h, h.plain));
  CommandRun forth = nfvctl(h.dir, {"rollback"});
  ASSERT_EQ(forth.exit_code, 0) << forth.out;
  EXPECT_THAT(forth.out, HasSubstr("generation 6"));
  EXPECT_TRUE(InState(h, h.lab));
}

TEST(NfvdGenerationsE2e, TheFirstGenerationHasNothingToRollBackTo) {
  NFV_ASSERT_OK_AND_ASSIGN(Host h, start_host());
  CommandRun refused = nfvctl(h.dir, {"rollback"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.out, HasSubstr("generation 1 replaced nothing"));
  EXPECT_TRUE(InState(h, h.plain));
}

TEST(NfvdGenerationsE2e, NfvdKilledInsideTheWindowStillRollsBack) {
  NFV_ASSERT_OK_AND_ASSIGN(Host h, start_host());
  CommandRun trial = nfvctl(h.dir, {"apply", "--confirm-timeout", "10", h.lab});
  ASSERT_EQ(trial.exit_code, 0) << trial.out;
  ::kill(h.nfvd.pid(), SIGKILL);
  (void)h.nfvd.wait(Clock::now() + seconds(10));
  NFV_ASSERT_OK_AND_ASSIGN(h.nfvd, start_nfvd(h.dir, h.sw));
  NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus waiting, status_of(h.dir));
  EXPECT_EQ(waiting.generations.confirm.generation, 2u) << "the window survives the crash";
  EXPECT_TRUE(InState(h, h.lab)) << "adopted as it was, not rolled back early";
  NFV_ASSERT_OK(wait_status(
      h, [](const api::NfvdStatus& s) { return s.generations.desired == 3; }, seconds(30)));
  EXPECT_TRUE(InState(h, h.plain));

  // Down across the whole window: the rollback is the first thing the next start does.
  CommandRun second = nfvctl(h.dir, {"apply", "--confirm-timeout", "1", h.lab});
  ASSERT_EQ(second.exit_code, 0) << second.out;
  ::kill(h.nfvd.pid(), SIGKILL);
  (void)h.nfvd.wait(Clock::now() + seconds(10));
  std::time_t past_deadline = std::time(nullptr) + 2;
  ASSERT_TRUE(poll_until([&] { return std::time(nullptr) > past_deadline; }, seconds(10)));
  NFV_ASSERT_OK_AND_ASSIGN(h.nfvd, start_nfvd(h.dir, h.sw));
  NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus started, status_of(h.dir));
  EXPECT_EQ(started.generations.desired, 5u);
  EXPECT_EQ(started.generations.confirm.generation, 0u);
  EXPECT_TRUE(InState(h, h.plain));
}

TEST(NfvdGenerationsE2e, KilledAtEachStepTheHostEndsInTheOldOrTheNewGenerationWithoutLoss) {
  NFV_ASSERT_OK_AND_ASSIGN(Host h, start_host());
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(h.dir, h.sw, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(h.dir, h.sw, "b", kMacB));
  NFV_ASSERT_OK(introduce_guests(h.sw, {a, b}));
  NFV_ASSERT_OK(start_stream(a, kMacA, kMacB, 1, 10000));
  NFV_ASSERT_OK(start_stream(b, kMacB, kMacA, 2, 10000));
  NFV_ASSERT_OK(b.wait_rx(0, 1000));

  size_t steps = steps_to(h, h.lab);
  ASSERT_GE(steps, 6u);
  // Even rounds: a plain apply, finished at the next start. Odd rounds: an apply on trial,
  // rolled back at the next start (it was never confirmed).
  for (size_t done = 0; done <= steps; ++done) {
    SCOPED_TRACE("nfvd killed after " + std::to_string(done) + " of " + std::to_string(steps) +
                 " steps");
    bool on_trial = done % 2 == 1;
    std::vector<std::string> args = {"apply", h.lab};
    if (on_trial) args = {"apply", "--confirm-timeout", "600", h.lab};
    NFV_ASSERT_OK(crash_during_apply(h, done, args));
    NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus status, status_of(h.dir));
    EXPECT_EQ(status.generations.desired, status.generations.observed);
    EXPECT_THAT(status.generations.recovery,
                HasSubstr(on_trial ? "rolled back the apply" : "finished the apply"));
    EXPECT_TRUE(InState(h, on_trial ? h.plain : h.lab)) << h.nfvd.log_tail(30);
    EXPECT_TRUE(NoUnfinishedGeneration(h, status));
    if (!on_trial) {
      CommandRun back = nfvctl(h.dir, {"apply", h.plain});
      ASSERT_EQ(back.exit_code, 0) << back.out;
    }
  }

  NFV_ASSERT_OK_AND_ASSIGN(auto ab, a.stream_stop(1));
  NFV_ASSERT_OK_AND_ASSIGN(auto ba, b.stream_stop(2));
  EXPECT_EQ(ab.failed + ba.failed, 0u);
  EXPECT_TRUE(ReceivedAll(b, 1, ab.sent)) << "a -> b across every crash";
  EXPECT_TRUE(ReceivedAll(a, 2, ba.sent)) << "b -> a across every crash";
}

}  // namespace
}  // namespace nfv::testing
