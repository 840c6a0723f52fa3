// A rate limit shared by every PMD that serves a port, without a lock or an atomic per packet:
// GCRA (virtual scheduling). The port's state is one theoretical arrival time (TSC) on a cache
// line of its own; a request for n units (frames or bytes) takes them with one
// compare-and-swap and is granted the first k. The limit therefore holds for the port as a whole
// however many PMDs poll its queues, and a burst up to `tolerance` ahead of the rate passes at
// once. PMDs take units a lease at a time (RateLease, nfv/fastpath/rate_lease.h) and spend
// them burst by burst without atomics.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace nfv::dp {

// Mutable: owned by the port (control side), written by PMDs, outlives every snapshot.
struct alignas(64) RateState {
  std::atomic<uint64_t> tat{0};  // theoretical arrival time of the next unit, TSC cycles
};

// Immutable, in the snapshot. cycles_per_unit == 0: no limit.
struct RateLimit {
  double cycles_per_unit = 0;
  double units_per_cycle = 0;  // 1 / cycles_per_unit: a multiplication where it runs often
  uint64_t tolerance = 0;      // TSC cycles the schedule may run ahead of now (the burst size)
  uint64_t lease_units = 0;    // what a PMD takes at once (a short time of the rate)
  uint64_t lease_cycles = 0;   // how long a PMD may keep a lease before giving back the rest
  RateState* state = nullptr;

  bool enabled() const { return cycles_per_unit > 0; }

  // How many units of the `asked` may pass at TSC `now`, already taken from the rate.
  uint64_t grant(uint64_t asked, uint64_t now) const {
    uint64_t tat = state->tat.load(std::memory_order_relaxed);
    while (true) {
      uint64_t base = std::max(tat, now);
      uint64_t horizon = now + tolerance;
      if (base >= horizon) return 0;
      auto room = static_cast<uint64_t>(static_cast<double>(horizon - base) * units_per_cycle);
      uint64_t granted = std::min(asked, room);
      if (granted == 0) return 0;
      auto next = base + static_cast<uint64_t>(static_cast<double>(granted) * cycles_per_unit);
      if (state->tat.compare_exchange_weak(tat, next, std::memory_order_relaxed)) return granted;
    }
  }

  // Gives back units granted but not used (another limit refused their frames).
  void refund(uint64_t units) const {
    if (units == 0) return;
    state->tat.fetch_sub(static_cast<uint64_t>(static_cast<double>(units) * cycles_per_unit),
                         std::memory_order_relaxed);
  }
};

// A port's limits: ingress policing (frames and bytes per second) and storm control (frames per
// second of broadcast, multicast and unknown unicast it may flood).
struct PortRates {
  RateLimit packets;
  RateLimit bytes;
  RateLimit broadcast;
  RateLimit multicast;
  RateLimit unknown_unicast;

  bool polices() const { return packets.enabled() || bytes.enabled(); }
  bool storm_control() const {
    return broadcast.enabled() || multicast.enabled() || unknown_unicast.enabled();
  }
};

}  // namespace nfv::dp
