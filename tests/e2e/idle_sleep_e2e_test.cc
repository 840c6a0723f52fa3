// The idle PMD's nap against a guest's ring: at 1 Mpps a 256-descriptor ring (virtio-user's
// and nfv-traffic's default) lasts 256 us. A stream that starts while the PMD sleeps its
// longest sleep waits in the sender's ring until the PMD wakes: with the switch's default
// sleep the ring never fills, with a sleep longer than the ring lasts it does. The sender
// drops what a full ring refuses, as a guest's stack does (a sender that keeps the refused
// burst and retries it, nfv-traffic's default, is only delayed and never shows the loss).
//
// Whether a burst loses frames depends on how late the PMD comes back, not only on how long it
// asked to sleep: a VM whose idle vCPU halts (no halt polling) can wake it milliseconds late,
// and a preempted PMD is as late. The PMD counts the polls that found frames after such a gap
// (pmd.list late_polls), so each round tells whether the ring was drained in time; a loss in
// a round the PMD was on time is the switch's fault.
//
// The guests a and b are the two ports of one nfv-traffic process whose datapath has CPU 0
// to itself while the PMD has the last CPU: on a 2-CPU machine, a third busy thread (a second
// guest process) would take turns with one of them for milliseconds, and the rings would
// overflow whatever the PMD's sleep.
#include <gtest/gtest.h>

#include <cstdio>
#include <optional>

#include "nfv/testing/guests.h"
#include "nfv/testing/pmd_sleep.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_guests.h"
#include "nfv/testing/switch_process.h"

namespace nfv::testing {
namespace {

constexpr uint64_t kRatePps = 1'000'000;
// 256 descriptors at kRatePps last 256 us, less the used descriptors the sender's driver has
// not reclaimed yet (about 230 us are left), less the 64 frames the sender may send at once
// after a lapse of its own: a PMD back within 128 us leaves room for both.
constexpr uint32_t kRingLastsUs = 128;
// Long enough to outlast the 2 ms sleep with a ring to spare; short, so that a preempted
// sender (which catches up in one large burst) rarely spoils a round.
constexpr double kBurstSeconds = 0.004;
constexpr int kRounds = 8;

// What the bursts after the quiet periods met, summed over the rounds.
struct Bursts {
  uint64_t sent = 0;
  uint64_t tx_failed = 0;  // dropped by a: its ring was full
  uint64_t lost = 0;       // sent by a, never received by b
  uint64_t switch_drops = 0;
  int late_rounds = 0;        // the PMD left frames waiting longer than the ring lasts
  uint64_t on_time_loss = 0;  // tx_failed + lost in the other rounds
  std::string rounds;         // per round, for failure messages
};

// A guest port with the default ring size (ring_size 0: virtio-user's 256 descriptors).
traffic::PortOption default_ring_port(const SwitchProcess& sw, const std::string& port,
                                      const MacAddress& mac) {
  traffic::PortOption option = guest_port(sw.socket_path(port), mac);
  option.ring_size = 0;
  return option;
}

// Ports a and b of one nfv-traffic process on CPU 0, linked; the switch knows their MACs
// (static entries), so a's frames to b are never flooded.
Result<TrafficPeer> start_guests(const TestDir& dir, SwitchProcess& sw) {
  TrafficPeerOptions options;
  options.name = "guests";
  options.ports = {default_ring_port(sw, "a", kMacA), default_ring_port(sw, "b", kMacB)};
  options.extra_args = {"--lcores", "0"};
  auto peer = TrafficPeer::start(dir, options);
  if (!peer) return std::move(peer).error();
  for (uint16_t port : {0, 1}) NFV_TRY(peer->wait_link(port));
  for (auto [mac, port] : {std::pair{kMacA, "a"}, std::pair{kMacB, "b"}}) {
    NFV_TRY(sw.client().call(api::kMacAdd, api::MacAddParams{"br0", format_mac(mac), port, 0}));
  }
  return peer;
}

// One quiet period, then one burst: once the PMD sleeps its longest sleep, a sends to b at
// kRatePps for kBurstSeconds.
Status quiet_then_burst(SwitchProcess& sw, TrafficPeer& guests, int round, Bursts& bursts) {
  if (auto asleep = PmdInDeepestSleep(sw); !asleep) {
    return make_error("round {}: {}", round, asleep.message());
  }
  uint64_t late_before = pmd_late_polls(sw, kRingLastsUs);
  proto::TrialParams trial;
  trial.tx_ports = {0};
  trial.rx_ports = std::vector<uint16_t>{1};
  trial.rate_pps = kRatePps;
  trial.duration_s = kBurstSeconds;
  trial.warmup_s = 0;
  trial.frame.size = 64;
  trial.retry_full_ring = false;  // a guest whose stack drops on a full ring
  // ... and never bursts more than two bursts after a lapse of its own: a full ring is then
  // the switch's doing.
  trial.max_catch_up = 64;
  auto result = guests.trial(trial);
  if (!result) return std::move(result).error();
  const proto::TrialDirection& d = result->directions.at(0);
  bursts.sent += d.sent;
  bursts.tx_failed += d.tx_failed;
  bursts.lost += d.lost;
  bool late = pmd_late_polls(sw, kRingLastsUs) > late_before;
  if (late) {
    ++bursts.late_rounds;
  } else {
    bursts.on_time_loss += d.tx_failed + d.lost;
  }
  bursts.rounds +=
      fmt::format("round {}: sent {}, tx_failed {}, lost {}, latency max {:.0f} us, PMD {}\n",
                  round, d.sent, d.tx_failed, d.lost, d.latency.max_us,
                  late ? fmt::format("late (a gap of {}+ us)", kRingLastsUs) : "on time");
  return {};
}

// Guests a and b on bridge br0 with default rings, then kRounds quiet periods and bursts.
Result<Bursts> bursts_after_quiet_periods(std::optional<uint32_t> idle_sleep_max_us) {
  auto dir = TestDir::create();
  if (!dir) return std::move(dir).error();
  SwitchProcessOptions options = vhost_switch({"a", "b"}, {"--bridge", "br0:a,b"});
  options.idle_sleep_max_us = idle_sleep_max_us;
  auto sw = SwitchProcess::start(*dir, options);
  if (!sw) return std::move(sw).error();
  auto guests = start_guests(*dir, *sw);
  if (!guests) return std::move(guests).error();

  Bursts bursts;
  for (int round = 1; round <= kRounds; ++round) {
    NFV_TRY(quiet_then_burst(*sw, *guests, round, bursts));
  }
  for (const char* port : {"a", "b"}) {
    auto stats = sw->stats(port);
    if (!stats) return std::move(stats).error();
    bursts.switch_drops += stats->rx_dropped + stats->tx_dropped;
  }
  return bursts;
}

// The switch's own default sleep (no --idle-sleep-max-us) is shorter than the ring lasts, with
// room for a late wake: every round in which the PMD came back before the ring could fill loses
// nothing. Rounds in which the machine woke or ran the PMD later than that are counted, not
// judged; a machine that is late in every round cannot show it and says so.
TEST(IdleSleep, DefaultLosesNothingWhenThePmdIsBackBeforeTheRingFills) {
  NFV_ASSERT_OK_AND_ASSIGN(Bursts bursts, bursts_after_quiet_periods(std::nullopt));
  std::printf("%s", bursts.rounds.c_str());  // how often this machine woke the PMD late
  EXPECT_EQ(bursts.on_time_loss, 0u) << bursts.rounds;
  if (bursts.late_rounds == kRounds) {
    GTEST_SKIP() << "the PMD was late in every round on this machine (an idle vCPU that halts "
                    "wakes late): nothing to judge\n"
                 << bursts.rounds;
  }
}

// 2 ms, far longer than the 256 us a's ring lasts at 1 Mpps: the ring fills while the PMD
// sleeps, a guest that drops on a full ring loses frames, and the PMD knows it was late.
TEST(IdleSleep, ASleepLongerThanTheRingLastsLosesTheFirstBurstAtOneMpps) {
  NFV_ASSERT_OK_AND_ASSIGN(Bursts bursts, bursts_after_quiet_periods(2000));
  EXPECT_GT(bursts.tx_failed + bursts.lost, 0u) << "a's ring never filled during a 2 ms sleep\n"
                                                << bursts.rounds;
  EXPECT_EQ(bursts.late_rounds, kRounds) << bursts.rounds;
}

}  // namespace
}  // namespace nfv::testing
