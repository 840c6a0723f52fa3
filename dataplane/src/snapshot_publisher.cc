#include "nfv/dataplane/snapshot_publisher.h"

namespace nfv::dp {

SnapshotPublisher::SnapshotPublisher(rte_rcu_qsbr* qsbr) : qsbr_(qsbr) {
  current_.store(new Snapshot(), std::memory_order_release);
}

SnapshotPublisher::~SnapshotPublisher() {
  // PMDs are stopped before the publisher goes away.
  delete current_.load();
  for (const Retired& r : retired_) delete r.snapshot;
}

void SnapshotPublisher::publish(std::unique_ptr<Snapshot> next) {
  std::lock_guard lock(mutex_);
  const Snapshot* old = current_.exchange(next.release(), std::memory_order_acq_rel);
  retired_.push_back(Retired{rte_rcu_qsbr_start(qsbr_), old});
}

void SnapshotPublisher::publish_and_wait(std::unique_ptr<Snapshot> next) {
  publish(std::move(next));
  wait_for_readers();
  reclaim();
}

void SnapshotPublisher::wait_for_readers() {
  rte_rcu_qsbr_synchronize(qsbr_, RTE_QSBR_THRID_INVALID);
}

void SnapshotPublisher::reclaim() {
  std::lock_guard lock(mutex_);
  size_t kept = 0;
  for (const Retired& r : retired_) {
    if (rte_rcu_qsbr_check(qsbr_, r.token, false) == 1) {
      delete r.snapshot;
    } else {
      retired_[kept++] = r;
    }
  }
  retired_.resize(kept);
}

}  // namespace nfv::dp
