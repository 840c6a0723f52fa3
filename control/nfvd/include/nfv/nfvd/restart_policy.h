// When nfvd restarts a switch that died, pure: at once the first time (traffic waits for
// every millisecond of it), then after a back-off that doubles up to a cap while crashes
// keep coming, and not at all once a crash loop is obvious (too many restarts in a window),
// so a switch that cannot start does not take the host's CPUs with it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace nfv::nfvd {

using SteadyTime = std::chrono::steady_clock::time_point;

struct RestartPolicy {
  uint32_t max_restarts = 5;  // in any `window`: one more crash than this and nfvd gives up
  std::chrono::milliseconds window = std::chrono::seconds(60);
  std::chrono::milliseconds first_backoff = std::chrono::milliseconds(250);  // 2nd restart
  std::chrono::milliseconds max_backoff = std::chrono::seconds(5);
};

struct RestartDecision {
  bool give_up = false;
  std::chrono::milliseconds delay{0};  // before the restart (when not giving up)
  std::string reason;                  // for the log and status: why this delay, or why not
};

// `restarts`: when earlier restarts happened (any order; those outside the window are
// ignored). `now`: the time of the crash being decided on.
RestartDecision decide_restart(const RestartPolicy& policy, const std::vector<SteadyTime>& restarts,
                               SteadyTime now);

// The restarts still inside the policy's window at `now` (what a supervisor keeps).
std::vector<SteadyTime> recent_restarts(const RestartPolicy& policy,
                                        const std::vector<SteadyTime>& restarts, SteadyTime now);

}  // namespace nfv::nfvd
