// Publishes immutable Snapshots to PMDs and frees old ones after an RCU grace period
// (rte_rcu_qsbr: every PMD reports a quiescent state once per iteration).
#pragma once

#include <rte_rcu_qsbr.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "nfv/fastpath/snapshot.h"

namespace nfv::dp {

class SnapshotPublisher {
 public:
  explicit SnapshotPublisher(rte_rcu_qsbr* qsbr);
  ~SnapshotPublisher();

  // PMDs: the current snapshot, valid until the caller's next quiescent state.
  const Snapshot* current() const { return current_.load(std::memory_order_acquire); }
  const CurrentSnapshot* current_slot() const { return &current_; }

  // Makes `next` current without waiting; the old snapshot is retired. Safe to call where
  // waiting for PMDs could deadlock.
  void publish(std::unique_ptr<Snapshot> next);
  // Makes `next` current and returns once no PMD can still be using the previous one, so
  // whatever only the previous snapshot referenced (a port, a vid, a table) may be freed.
  void publish_and_wait(std::unique_ptr<Snapshot> next);
  // Waits for a grace period without changing anything.
  void wait_for_readers();
  // Frees retired snapshots whose grace period has passed; never blocks.
  void reclaim();

 private:
  struct Retired {
    uint64_t token;
    const Snapshot* snapshot;
  };
  rte_rcu_qsbr* qsbr_;
  CurrentSnapshot current_{nullptr};
  std::mutex mutex_;
  std::vector<Retired> retired_;
};

}  // namespace nfv::dp
