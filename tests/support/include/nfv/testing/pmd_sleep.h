// The idle PMD's naps as a test sees them: nfv-switch's PMD sleeps 1, 2, 4... us once idle,
// up to the switch's idle_sleep_max_us (switch.info), and counts each sleep (pmd.list).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>

#include "nfv/testing/switch_process.h"

namespace nfv::testing {

// Sleeps an idle PMD takes before it sleeps `max_us`: they double from 1 us.
uint64_t sleeps_to_deepest(uint32_t max_us);

// The sleeps of the switch's first PMD so far (0 if pmd.list fails).
uint64_t pmd_sleeps(SwitchProcess& sw);

// Polls of the switch's first PMD that found frames after a gap of at least `us` since its
// previous poll (pmd.list late_polls; buckets from `us` up); 0 if pmd.list fails.
uint64_t pmd_late_polls(SwitchProcess& sw, uint32_t us);

// Returns once the switch's only PMD, idle from now on, sleeps its longest sleep (the
// switch's own idle_sleep_max_us, read from switch.info).
::testing::AssertionResult PmdInDeepestSleep(SwitchProcess& sw);

}  // namespace nfv::testing
