// A rate limit shared by every PMD that serves a port, without a lock or an atomic per packet:
// GCRA (virtual scheduling). The port's state is one theoretical arrival time (TSC) on a cache
// line of its own; a burst asks for n units (frames or bytes) once, with one compare-and-swap,
// and is granted the first k of them. The limit therefore holds for the port as a whole however
// many PMDs poll its queues, and a burst up to `tolerance` ahead of the rate passes at once.
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
  uint64_t tolerance = 0;  // TSC cycles the schedule may run ahead of now (the burst size)
  RateState* state = nullptr;

  bool enabled() const { return cycles_per_unit > 0; }

  // How many units of the `asked` may pass at TSC `now`, already taken from the rate.
  uint64_t grant(uint64_t asked, uint64_t now) const {
    uint64_t tat = state->tat.load(std::memory_order_relaxed);
    while (true) {
      uint64_t base = std::max(tat, now);
      uint64_t horizon = now + tolerance;
      if (base >= horizon) return 0;
      auto room = static_cast<uint64_t>(static_cast<double>(horizon - base) / cycles_per_unit);
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
