// Bursts towards and from guests that meet a PMD which has just woken from its idle sleep:
// frames pile up in the guests' rings while it sleeps and arrive all at once when it wakes.
// Guests are nfv-traffic processes (virtio-user), the switch a real nfv-switch process.
#include <gtest/gtest.h>

#include "nfv/testing/guest_traffic.h"
#include "nfv/testing/guests.h"
#include "nfv/testing/pmd_sleep.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_guests.h"
#include "nfv/testing/switch_process.h"
#include "nfv/testing/wait.h"

namespace nfv::testing {
namespace {

// Port a offers two queue pairs: the PMD polls both in one iteration, up to 32 frames each,
// so the first iteration after a long sleep buffers 64 frames for b. librte_vhost copies at
// most 32 per call: all 64 must reach b's (roomy) ring without a retry, even with none allowed.
TEST(VhostBurst, SixtyFourFramesForAGuestInOneIterationArriveWithoutRetries) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SwitchProcessOptions options =
      vhost_switch({"a,queues=2", "b,tx_retries=0"}, {"--bridge", "br0:a,b"});
  options.idle_sleep_max_us = 100000;  // frames pile up in a's rings while the PMD sleeps
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, options));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(dir, sw, "a", kMacA, 2));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(dir, sw, "b", kMacB));
  NFV_ASSERT_OK(introduce_guests(sw, {a, b}));

  // Several rounds: the PMD must sleep through both sends (it does unless it wakes between
  // the two commands, a millisecond of a 100 ms sleep).
  const uint64_t per_queue = 48;
  const int rounds = 4;
  for (int round = 1; round <= rounds; ++round) {
    ASSERT_TRUE(PmdInDeepestSleep(sw)) << "round " << round;
    for (uint16_t queue = 0; queue < 2; ++queue) {
      proto::SendParams send;
      send.queue = queue;
      send.count = per_queue;
      send.frame = frames_between(kMacA, kMacB, 1 + queue);
      NFV_ASSERT_OK(a.send(send));
    }
    ASSERT_TRUE(ReceivedAll(b, 1, round * per_queue)) << "round " << round;
    ASSERT_TRUE(ReceivedAll(b, 2, round * per_queue)) << "round " << round;
  }
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_b, sw.stats("b"));
  EXPECT_EQ(port_b.drops["tx_queue_full"], 0u);
  EXPECT_EQ(port_b.tx_retries, 0u) << "a guest ring with room needs no retry";
  EXPECT_TRUE(CountersBalance(port_b));
}

}  // namespace
}  // namespace nfv::testing
