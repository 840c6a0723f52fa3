// Compile-time bounds of the dataplane. Slots are indices into fixed arrays so the fast
// path never allocates or hashes a port name.
#pragma once

#include <cstdint>

namespace nfv::dp {

inline constexpr uint16_t kMaxPorts = 256;
inline constexpr uint16_t kMaxQueuesPerPort = 16;  // rx queues (vhost: queue pairs)
inline constexpr uint16_t kMaxPmds = 64;
inline constexpr uint16_t kMaxBridges = 64;
inline constexpr uint16_t kBurstSize = 32;
inline constexpr uint16_t kTxBufferSize = 64;  // per PMD and output port; flushed every iteration
inline constexpr uint16_t kVlanCount = 4096;
inline constexpr uint16_t kNoPort = 0xffff;
inline constexpr uint16_t kLearnRingSize = 4096;  // per PMD, learn requests to the FDB writer

}  // namespace nfv::dp
