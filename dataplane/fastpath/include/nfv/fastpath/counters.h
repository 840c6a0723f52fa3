// Counters written only by their PMD, read by the control side.
//
// Each PMD counts into a private block while it processes an iteration, then copies the
// ports it touched into a published block inside a short seqlock window. A reader that sees
// an even, unchanged sequence number around its copy has one PMD's counters of one port as
// of an iteration boundary, so rx == forwarded + drops holds in every value it returns.
// "Clear" is a baseline kept by the reader; PMD memory is never written by anyone else.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "nfv/api/drop_reasons.h"
#include "nfv/fastpath/limits.h"

namespace nfv::dp {

using api::DropReason;
using api::kDropReasonCount;

struct alignas(64) PortCounters {
  uint64_t rx_packets = 0;
  uint64_t rx_bytes = 0;
  uint64_t forwarded = 0;
  uint64_t flooded = 0;
  uint64_t tx_attempts = 0;
  uint64_t tx_packets = 0;
  uint64_t tx_bytes = 0;
  uint64_t tx_retries = 0;
  std::array<uint64_t, kDropReasonCount> drops{};

  uint64_t& drop(DropReason reason) { return drops[static_cast<size_t>(reason)]; }
  uint64_t drop(DropReason reason) const { return drops[static_cast<size_t>(reason)]; }
  PortCounters& operator+=(const PortCounters& other);
  PortCounters& operator-=(const PortCounters& other);
};

// Polls that found frames waiting after a long gap since the PMD's previous poll (a sleep
// that ended late, the thread preempted): bucket i counts gaps of at least
// kLatePollBoundsUs[i] microseconds and less than the next bound. A guest ring of N
// descriptors at R frames per second lasts N / R: gaps beyond it are where frames are lost.
inline constexpr std::array<uint32_t, 7> kLatePollBoundsUs = {64, 128, 192, 256, 512, 1024, 2048};
inline constexpr size_t kLatePollBuckets = kLatePollBoundsUs.size();

// The bucket of a gap of `gap_us` (at least kLatePollBoundsUs[0]).
constexpr size_t late_poll_bucket(uint64_t gap_us) {
  size_t bucket = 0;
  while (bucket + 1 < kLatePollBuckets && gap_us >= kLatePollBoundsUs[bucket + 1]) ++bucket;
  return bucket;
}

// Per-PMD counters without an invariant between them: published as they change.
struct alignas(64) PmdTotals {
  uint64_t iterations = 0;
  uint64_t busy_cycles = 0;  // TSC cycles in polls that returned packets, and in tx flushes
  uint64_t idle_cycles = 0;  // everything else, sleeps included
  uint64_t packets = 0;      // received
  uint64_t sleeps = 0;
  uint64_t learn_queue_full = 0;   // learn requests lost because the FDB writer lagged
  uint64_t flood_copy_failed = 0;  // re-tagged flood copies not made: mempool exhausted
  std::array<uint64_t, kLatePollBuckets> late_polls{};
};

struct alignas(64) PmdCounters {
  std::atomic<uint64_t> sequence{0};
  PmdTotals totals;
  std::array<PortCounters, kMaxPorts> published{};
  uint64_t rxq_packets[kMaxPorts][kMaxQueuesPerPort] = {};
  uint64_t rxq_cycles[kMaxPorts][kMaxQueuesPerPort] = {};
};

// Relaxed atomic store of a counter owned by the calling thread (plain add in the code).
inline void publish_add(uint64_t& counter, uint64_t delta) {
  std::atomic_ref<uint64_t>(counter).store(counter + delta, std::memory_order_relaxed);
}
inline uint64_t read_counter(const uint64_t& counter) {
  return std::atomic_ref<uint64_t>(const_cast<uint64_t&>(counter)).load(std::memory_order_relaxed);
}

// Reader side: a consistent copy of one PMD's counters of one port.
PortCounters read_port_counters(const PmdCounters& pmd, uint16_t port);
PmdTotals read_pmd_totals(const PmdCounters& pmd);

}  // namespace nfv::dp
