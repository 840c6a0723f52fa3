// A PMD's share of a port's rate limit: units taken from the port's shared schedule a lease
// at a time (one compare-and-swap, nfv/fastpath/shared_rate.h) and spent burst by burst from
// the PMD's own state, without atomics. What a lease still holds when it expires is given back
// to the schedule, so the port as a whole never gets more than its rate plus its tolerance,
// however many PMDs serve it, and an idle PMD does not keep another one's share for long.
#pragma once

#include <algorithm>
#include <cstdint>

#include "nfv/fastpath/shared_rate.h"

namespace nfv::dp {

struct RateLease {
  uint64_t units = 0;               // left to spend
  uint64_t expires = 0;             // TSC
  const RateState* from = nullptr;  // the schedule the units came from (a port's slot is reused)
};

// Spends up to `asked` units at TSC `now`, taking a new lease when this one falls short;
// returns how many were spent.
inline uint64_t spend(RateLease& lease, const RateLimit& limit, uint64_t asked, uint64_t now) {
  if (lease.from != limit.state) {
    lease = RateLease{0, 0, limit.state};  // another port's, or a port that was replaced
  } else if (now >= lease.expires && lease.units != 0) {
    limit.refund(lease.units);
    lease.units = 0;
  }
  if (lease.units < asked) {
    uint64_t got = limit.grant(std::max(asked - lease.units, limit.lease_units), now);
    if (got != 0) {
      lease.units += got;
      lease.expires = now + limit.lease_cycles;
    }
  }
  uint64_t spent = std::min(asked, lease.units);
  lease.units -= spent;
  return spent;
}

// Units spent but not used after all (another limit refused their frames).
inline void give_back(RateLease& lease, uint64_t units) { lease.units += units; }

// A PMD's leases of one port's policing limits.
struct PortLeases {
  RateLease packets;
  RateLease bytes;
};

}  // namespace nfv::dp
