#include "nfv/fastpath/counters.h"

#include <rte_pause.h>

#include <thread>

namespace nfv::dp {
namespace {

constexpr size_t kWords = sizeof(PortCounters) / sizeof(uint64_t);

template <typename Op>
void for_each_word(PortCounters& a, const PortCounters& b, Op op) {
  auto* x = reinterpret_cast<uint64_t*>(&a);
  const auto* y = reinterpret_cast<const uint64_t*>(&b);
  for (size_t w = 0; w < kWords; ++w) x[w] = op(x[w], y[w]);
}

}  // namespace

PortCounters& PortCounters::operator+=(const PortCounters& other) {
  for_each_word(*this, other, [](uint64_t x, uint64_t y) { return x + y; });
  return *this;
}

PortCounters& PortCounters::operator-=(const PortCounters& other) {
  for_each_word(*this, other, [](uint64_t x, uint64_t y) { return x - y; });
  return *this;
}

PortCounters read_port_counters(const PmdCounters& pmd, uint16_t port) {
  PortCounters copy;
  auto* to = reinterpret_cast<uint64_t*>(&copy);
  const auto* from = reinterpret_cast<const uint64_t*>(&pmd.published[port]);
  for (unsigned attempt = 0;; ++attempt) {
    uint64_t before = pmd.sequence.load(std::memory_order_acquire);
    if ((before & 1) == 0) {
      for (size_t w = 0; w < kWords; ++w) to[w] = read_counter(from[w]);
      std::atomic_thread_fence(std::memory_order_acquire);
      if (pmd.sequence.load(std::memory_order_relaxed) == before) return copy;
    }
    // The window is a few hundred nanoseconds; a writer descheduled inside it is rare.
    if (attempt < 1000) {
      rte_pause();
    } else {
      std::this_thread::yield();
    }
  }
}

PmdTotals read_pmd_totals(const PmdCounters& pmd) {
  PmdTotals t;
  t.iterations = read_counter(pmd.totals.iterations);
  t.busy_cycles = read_counter(pmd.totals.busy_cycles);
  t.idle_cycles = read_counter(pmd.totals.idle_cycles);
  t.packets = read_counter(pmd.totals.packets);
  t.sleeps = read_counter(pmd.totals.sleeps);
  t.learn_queue_full = read_counter(pmd.totals.learn_queue_full);
  t.flood_copy_failed = read_counter(pmd.totals.flood_copy_failed);
  for (size_t i = 0; i < kLatePollBuckets; ++i)
    t.late_polls[i] = read_counter(pmd.totals.late_polls[i]);
  return t;
}

}  // namespace nfv::dp
