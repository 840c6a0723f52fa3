// A PMD: one run-to-completion polling thread on a dedicated lcore.
//
// Each iteration: take the current snapshot; for each (port, queue) assigned to this PMD,
// receive a burst, classify, learn, look up destinations in bulk and append to per-output-port
// tx buffers; flush every buffer; publish the counters touched; report an RCU quiescent state.
// An idle PMD backs off (pause, then sleeps doubling up to --idle-sleep-max-us).
// No locks (except a shared ethdev tx queue, see TxqLocks), allocation, syscalls or virtual
// calls per packet.
#pragma once

#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>
#include <rte_spinlock.h>

#include <atomic>
#include <memory>

#include "nfv/common/result.h"
#include "nfv/fastpath/counters.h"
#include "nfv/fastpath/snapshot.h"

namespace nfv::dp {

// Tx queues of an ethdev port that has fewer tx queues than there are PMDs: PMDs sharing a
// queue take its spinlock. With one tx queue per PMD (the normal case) none is taken.
struct TxqLocks {
  mutable std::array<rte_spinlock_t, kMaxPmds> locks;
};

struct PmdState;  // hot per-iteration state of one PMD, allocated on its node (pmd.cc)

struct PmdConfig {
  uint16_t id = 0;     // index into Snapshot::pmds
  unsigned lcore = 0;  // EAL lcore running the loop
  unsigned cpu = 0;    // the CPU that lcore is pinned to
  int numa = 0;
  uint32_t idle_sleep_max_us = 250;  // 0: never sleep (benchmarks)
  rte_mempool* pool = nullptr;       // mbufs for vhost receive and flood copies
};

class Pmd {
 public:
  static Result<std::unique_ptr<Pmd>> create(const PmdConfig& config,
                                             const CurrentSnapshot* current, rte_rcu_qsbr* qsbr);
  ~Pmd();
  Pmd(const Pmd&) = delete;
  Pmd& operator=(const Pmd&) = delete;

  Status launch();  // starts the loop on the configured lcore
  void stop();      // asks the loop to end and waits for it

  const PmdConfig& config() const { return config_; }
  const PmdCounters& counters() const { return *counters_; }
  rte_ring* learn_ring() const { return learn_ring_; }

 private:
  explicit Pmd(const PmdConfig& config) : config_(config) {}
  static int loop_entry(void* self);
  void run();

  PmdConfig config_;
  const CurrentSnapshot* current_ = nullptr;
  rte_rcu_qsbr* qsbr_ = nullptr;
  PmdCounters* counters_ = nullptr;
  PmdState* state_ = nullptr;
  rte_ring* learn_ring_ = nullptr;
  std::atomic<bool> stop_{false};
  bool launched_ = false;
};

}  // namespace nfv::dp
