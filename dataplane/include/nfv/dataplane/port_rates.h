// A port's policing and storm-control settings turned into the fast path's rate limits
// (nfv/fastpath/shared_rate.h): pure arithmetic on the TSC frequency, tested without DPDK.
#pragma once

#include <array>
#include <cstdint>

#include "nfv/api/switch_api.h"
#include "nfv/fastpath/shared_rate.h"

namespace nfv::dp {

// The mutable schedules of a port's five limits, owned by the port: they outlive every
// snapshot that points at them, and survive a change of the rates.
struct PortRateStates {
  std::array<RateState, 5> limits;
};

// A burst allowed ahead of the rate: 2 ms of it, and at least what one receive burst (32
// frames, or 32 full-size frames' bytes) needs, so a slow limit still passes whole bursts.
inline constexpr double kBurstSeconds = 0.002;
inline constexpr uint64_t kBurstFrames = 32;
inline constexpr uint64_t kBurstBytes = 32 * 1518;
// A PMD's lease: 50 µs of the rate (at least one burst's worth), kept at most that long.
inline constexpr double kLeaseSeconds = 50e-6;

RateLimit make_rate_limit(uint64_t units_per_second, uint64_t tsc_hz, uint64_t burst_units,
                          RateState* state);
PortRates make_port_rates(const api::RateConfig& config, uint64_t tsc_hz, PortRateStates& states);

}  // namespace nfv::dp
