#include "nfv/dataplane/port_rates.h"

#include <algorithm>

namespace nfv::dp {

RateLimit make_rate_limit(uint64_t units_per_second, uint64_t tsc_hz, uint64_t burst_units,
                          RateState* state) {
  RateLimit limit;
  limit.state = state;
  if (units_per_second == 0 || tsc_hz == 0) return limit;
  limit.cycles_per_unit = static_cast<double>(tsc_hz) / static_cast<double>(units_per_second);
  limit.units_per_cycle = static_cast<double>(units_per_second) / static_cast<double>(tsc_hz);
  double burst = std::max(kBurstSeconds * static_cast<double>(tsc_hz),
                          static_cast<double>(burst_units) * limit.cycles_per_unit);
  limit.tolerance = static_cast<uint64_t>(burst);
  // Never more than the tolerance holds, or a lease could not be granted whole.
  double lease = std::max(kLeaseSeconds * static_cast<double>(units_per_second),
                          static_cast<double>(burst_units));
  limit.lease_units =
      std::min(static_cast<uint64_t>(lease), static_cast<uint64_t>(burst * limit.units_per_cycle));
  limit.lease_cycles = static_cast<uint64_t>(kLeaseSeconds * static_cast<double>(tsc_hz));
  return limit;
}

PortRates make_port_rates(const api::RateConfig& config, uint64_t tsc_hz, PortRateStates& states) {
  PortRates rates;
  rates.packets = make_rate_limit(config.policer_pps, tsc_hz, kBurstFrames, &states.limits[0]);
  rates.bytes = make_rate_limit(config.policer_bps / 8, tsc_hz, kBurstBytes, &states.limits[1]);
  rates.broadcast =
      make_rate_limit(config.storm_broadcast_pps, tsc_hz, kBurstFrames, &states.limits[2]);
  rates.multicast =
      make_rate_limit(config.storm_multicast_pps, tsc_hz, kBurstFrames, &states.limits[3]);
  rates.unknown_unicast =
      make_rate_limit(config.storm_unknown_unicast_pps, tsc_hz, kBurstFrames, &states.limits[4]);
  return rates;
}

}  // namespace nfv::dp
