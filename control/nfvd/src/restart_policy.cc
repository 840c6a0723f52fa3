#include "nfv/nfvd/restart_policy.h"

#include <fmt/format.h>

#include <algorithm>

namespace nfv::nfvd {

std::vector<SteadyTime> recent_restarts(const RestartPolicy& policy,
                                        const std::vector<SteadyTime>& restarts, SteadyTime now) {
  std::vector<SteadyTime> recent;
  for (SteadyTime when : restarts) {
    if (when <= now && now - when < policy.window) recent.push_back(when);
  }
  return recent;
}

RestartDecision decide_restart(const RestartPolicy& policy, const std::vector<SteadyTime>& restarts,
                               SteadyTime now) {
  size_t recent = recent_restarts(policy, restarts, now).size();
  double window_s = std::chrono::duration<double>(policy.window).count();
  if (recent >= policy.max_restarts) {
    return {true, std::chrono::milliseconds(0),
            fmt::format("a crash loop: {} restarts in the last {:g} s, the limit; not restarting "
                        "again (see the switch's log, fix the cause, then restart nfvd)",
                        recent, window_s)};
  }
  if (recent == 0) return {false, std::chrono::milliseconds(0), "restarting at once"};
  // 1 recent restart: first_backoff; each further one doubles it, up to the cap.
  auto delay = policy.first_backoff;
  for (size_t i = 1; i < recent && delay < policy.max_backoff; ++i) delay *= 2;
  delay = std::min(delay, policy.max_backoff);
  return {false, delay,
          fmt::format("restarting in {} ms ({} restart(s) in the last {:g} s)", delay.count(),
                      recent, window_s)};
}

}  // namespace nfv::nfvd
