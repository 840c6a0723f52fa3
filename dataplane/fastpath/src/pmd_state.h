// A PMD's hot per-iteration state: allocated once on the PMD's NUMA node, cache-line
// aligned, written by that PMD only.
#pragma once

#include <rte_common.h>
#include <rte_mbuf.h>

#include <array>
#include <cstdint>

#include "nfv/fastpath/counters.h"
#include "nfv/fastpath/learn_request.h"
#include "nfv/fastpath/limits.h"
#include "nfv/fastpath/rate_lease.h"

namespace nfv::dp {

// Frames waiting for one output port; sent when full and at the end of every iteration.
struct TxBuffer {
  uint16_t count;
  bool listed;  // in PmdState::pending until the end of the iteration's flush
  rte_mbuf* pkts[kTxBufferSize];
};

struct alignas(RTE_CACHE_LINE_SIZE) PmdState {
  std::array<PortCounters, kMaxPorts> working;  // this PMD's counters, published per iteration
  std::array<TxBuffer, kMaxPorts> tx;
  std::array<uint16_t, kMaxPorts> pending;  // ports with buffered packets
  uint16_t n_pending;
  std::array<uint16_t, kMaxPorts> touched;  // ports whose counters changed this iteration
  uint16_t n_touched;
  std::array<bool, kMaxPorts> is_touched;
  std::array<PortLeases, kMaxPorts> leases;  // this PMD's share of each port's policing
  std::array<LearnRequest, kBurstSize> learn;
  uint16_t n_learn;
  uint32_t idle_iterations;
  uint32_t sleep_us;
};

}  // namespace nfv::dp
