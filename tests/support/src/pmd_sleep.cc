#include "nfv/testing/pmd_sleep.h"

#include "nfv/testing/wait.h"

namespace nfv::testing {

uint64_t sleeps_to_deepest(uint32_t max_us) {
  uint64_t sleeps = 1;
  for (uint64_t us = 1; us < max_us; us *= 2) ++sleeps;
  return sleeps;
}

uint64_t pmd_sleeps(SwitchProcess& sw) {
  auto pmds = sw.client().call(api::kPmdList, {});
  return pmds && !pmds->pmds.empty() ? pmds->pmds[0].sleeps : 0;
}

uint64_t pmd_late_polls(SwitchProcess& sw, uint32_t us) {
  auto pmds = sw.client().call(api::kPmdList, {});
  uint64_t polls = 0;
  if (!pmds || pmds->pmds.empty()) return 0;
  for (const api::LatePolls& bucket : pmds->pmds[0].late_polls) {
    if (bucket.at_least_us >= us) polls += bucket.polls;
  }
  return polls;
}

::testing::AssertionResult PmdInDeepestSleep(SwitchProcess& sw) {
  auto info = sw.client().call(api::kSwitchInfo, {});
  if (!info) return ::testing::AssertionFailure() << "switch.info: " << info.error().message;
  if (info->idle_sleep_max_us == 0) {
    return ::testing::AssertionFailure() << "the switch busy-polls (idle_sleep_max_us 0)";
  }
  uint64_t target = pmd_sleeps(sw) + sleeps_to_deepest(info->idle_sleep_max_us);
  return wait_until([&] { return pmd_sleeps(sw) >= target; }, std::chrono::seconds(10),
                    "the idle PMD backs off to its longest sleep");
}

}  // namespace nfv::testing
