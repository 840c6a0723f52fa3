// When nfvd restarts a dead switch: at once, then backing off while crashes keep coming, and
// never again after a crash loop; restarts older than the window are forgotten.
#include "nfv/nfvd/restart_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nfv::nfvd {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const SteadyTime kT0 = SteadyTime() + 1000s;

// `count` restarts one second apart, the last one at `last`.
std::vector<SteadyTime> restarts_before(SteadyTime last, int count) {
  std::vector<SteadyTime> times;
  for (int i = count - 1; i >= 0; --i) times.push_back(last - std::chrono::seconds(i));
  return times;
}

TEST(RestartPolicy, TheFirstCrashRestartsAtOnce) {
  RestartDecision decision = decide_restart({}, {}, kT0);
  EXPECT_FALSE(decision.give_up);
  EXPECT_EQ(decision.delay, 0ms);
}

TEST(RestartPolicy, BackOffDoublesUpToTheCap) {
  RestartPolicy policy;
  policy.max_restarts = 20;
  policy.first_backoff = 250ms;
  policy.max_backoff = 2s;
  std::vector<std::chrono::milliseconds> delays;
  for (int recent = 1; recent <= 6; ++recent) {
    delays.push_back(decide_restart(policy, restarts_before(kT0, recent), kT0 + 1s).delay);
  }
  EXPECT_EQ(delays,
            (std::vector<std::chrono::milliseconds>{250ms, 500ms, 1000ms, 2000ms, 2000ms, 2000ms}));
}

TEST(RestartPolicy, ACrashLoopGivesUpAndSaysWhy) {
  RestartPolicy policy;  // 5 in 60 s
  RestartDecision fifth = decide_restart(policy, restarts_before(kT0, 4), kT0 + 1s);
  EXPECT_FALSE(fifth.give_up);
  RestartDecision sixth = decide_restart(policy, restarts_before(kT0, 5), kT0 + 1s);
  EXPECT_TRUE(sixth.give_up);
  EXPECT_THAT(sixth.reason, HasSubstr("crash loop: 5 restarts in the last 60 s"));
}

TEST(RestartPolicy, RestartsOutsideTheWindowAreForgotten) {
  RestartPolicy policy;
  auto old = restarts_before(kT0, 5);
  SteadyTime later = kT0 + policy.window;  // the newest one just left the window
  EXPECT_TRUE(recent_restarts(policy, old, later).empty());
  RestartDecision decision = decide_restart(policy, old, later);
  EXPECT_FALSE(decision.give_up);
  EXPECT_EQ(decision.delay, 0ms);
  EXPECT_EQ(recent_restarts(policy, old, kT0 + 57s).size(), 3u);
}

}  // namespace
}  // namespace nfv::nfvd
