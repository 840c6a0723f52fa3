// The FDB service: the single writer of every bridge's MAC table, on its own thread.
// It drains the PMDs' learn rings, ages entries, and runs the control side's MAC commands.
// Ordering guarantee: each loop takes the queued commands, then drains from every learn ring
// at least what it held when the commands were taken, then runs those commands. Every learn
// request enqueued before a command was queued is therefore applied before the command runs,
// so a flush posted after a snapshot change (port removed, moved to another bridge, VLANs
// changed) also removes whatever PMDs learned under the old snapshot.
// Bounded work: a loop drains a bounded number of requests per ring (what it held, or a fixed
// batch when no command waits), so a flood of new MACs delays commands and ageing by one
// loop at most; a ring that still holds requests is drained on in the next loop at once.
#pragma once

#include <rte_ring.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/dataplane/coarse_clock.h"
#include "nfv/dataplane/fdb.h"
#include "nfv/fastpath/learn_request.h"
#include "nfv/fastpath/limits.h"

namespace nfv::dp {

struct FdbRecord {
  uint16_t bridge = 0;
  uint64_t key = 0;
  uint16_t port = 0;
  bool is_static = false;
  uint32_t age_s = 0;
};

struct FdbFilter {
  std::optional<uint16_t> bridge;
  std::optional<uint16_t> port;
  std::optional<uint16_t> vlan;
  bool include_static = true;
};

// Per port: what became of the learn requests of frames received on it.
struct LearnCounters {
  std::atomic<uint64_t> learned{0};
  std::atomic<uint64_t> moved{0};  // known MACs seen on this port, moved to it
  std::atomic<uint64_t> table_full{0};
  std::atomic<uint64_t> limit_refused{0};  // the port's or its bridge's mac_limit was reached
  std::atomic<uint64_t> lock_refused{0};   // moves of MACs locked to another port (mac_lock)
};

class FdbService {
 public:
  FdbService(rte_rcu_qsbr* qsbr, CoarseClock* clock) : qsbr_(qsbr), clock_(clock) {}
  ~FdbService() { stop(); }

  void start(std::vector<rte_ring*> learn_rings);
  void stop();

  // Each call runs on the FDB thread and waits for it.
  Result<Fdb*> create_table(uint16_t bridge, const std::string& name, uint32_t capacity,
                            uint32_t ageing_s, uint32_t mac_limit, int numa_node);
  void destroy_table(uint16_t bridge);
  void set_ageing(uint16_t bridge, uint32_t ageing_s);
  // A port's limit and lock, from the next learn request on. A new port's slot starts from
  // the default (no limit, no lock) only when this is called: the switch sets it on port.add.
  void set_learn_policy(uint16_t port, const PortLearnPolicy& policy);
  Status add_static(uint16_t bridge, uint64_t key, uint16_t port);
  bool remove(uint16_t bridge, uint64_t key);
  size_t flush(const FdbFilter& filter);
  std::vector<FdbRecord> list(const FdbFilter& filter);
  uint64_t table_size(uint16_t bridge);
  // Test clock: moves time forward and ages every table now; returns entries removed.
  uint64_t advance_clock(double seconds);

  const LearnCounters& learn_counters(uint16_t port) const { return learn_[port]; }

  // Tests only. The hook runs on the FDB thread in every loop, after the learn rings are
  // drained and before the commands taken for that loop run; set it before start().
  void set_after_drain_hook_for_test(std::function<void()> hook) {
    after_drain_hook_ = std::move(hook);
  }
  // Commands queued and not yet taken by the FDB thread.
  size_t queued_commands_for_test();

 private:
  struct DrainResult {
    size_t learned = 0;    // learn requests taken from the rings
    bool backlog = false;  // some ring still holds requests
  };
  // Drain every ring of what it holds now.
  static constexpr unsigned kDrainAll = ~0u;

  void run();
  // Up to `per_ring_limit` requests from each ring (kDrainAll: what each holds now).
  DrainResult drain_learn_rings(unsigned per_ring_limit);
  unsigned drain_ring(rte_ring* ring, unsigned limit, uint32_t now);
  void apply(const LearnRequest& request, uint32_t now);
  uint64_t age_all();
  void age_slice(double fraction);  // the next `fraction` of every table (background sweep)
  template <typename F>
  auto execute(F&& task) -> decltype(task());

  rte_rcu_qsbr* qsbr_;
  CoarseClock* clock_;
  std::vector<rte_ring*> rings_;
  std::array<std::unique_ptr<Fdb>, kMaxBridges> tables_{};
  std::array<uint32_t, kMaxBridges> ageing_s_{};
  std::array<LearnCounters, kMaxPorts> learn_{};
  std::array<PortLearnPolicy, kMaxPorts> policies_{};  // FDB thread only

  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::function<void()> after_drain_hook_;
};

template <typename F>
auto FdbService::execute(F&& task) -> decltype(task()) {
  using R = decltype(task());
  if (!thread_.joinable()) return task();  // not started (tests, start-up): run inline
  std::packaged_task<R()> packaged(std::forward<F>(task));
  auto done = packaged.get_future();
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back([&packaged] { packaged(); });
  }
  wake_.notify_one();
  return done.get();
}

}  // namespace nfv::dp
