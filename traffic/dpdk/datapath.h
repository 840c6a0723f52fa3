// The datapath thread and everything it owns. One loop, top to bottom:
//   1. take a command's task from the mailbox (the control thread waits for its reply);
//   2. receive on every port that is not paused: verify and account, or forward;
//   3. advance background streams (TSC-paced);
//   4. advance the current task (a send, a wait, a trial...);
//   5. when nothing moved, nap briefly (unless --busy-poll) but never past the next
//      frame that is due.
// All datapath state is written by this thread only; commands read it through tasks, so
// there are no locks on the fast path and no torn counters.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/common/unique_fd.h"
#include "nfv/traffic/protocol.h"
#include "port.h"
#include "rx_accounting.h"
#include "tx_job.h"

namespace nfv::traffic {

using proto::json;

struct QueueCounters {
  uint64_t rx_packets = 0;
  uint64_t rx_bytes = 0;
  TxCounters tx;
};

struct PortRuntime {
  PortRuntime(VirtioPort& virtio_port, uint64_t tsc_hz)
      : port(&virtio_port), queues(virtio_port.queues()), rx(tsc_hz) {}

  VirtioPort* port;
  std::vector<QueueCounters> queues;
  RxAccounting rx;
  bool rx_paused = false;
  bool rx_forwarded = false;  // its frames go to a forwarding pair, not to accounting
  uint64_t empty_polls = 0;   // receive passes that found every queue empty

  uint64_t rx_packets() const;
};

// io forwarding between ports (closed-loop throughput, like testpmd's io mode).
struct ForwardPair {
  uint16_t rx = 0;
  uint16_t tx = 0;
  uint64_t packets = 0;
  uint64_t bytes = 0;
  rte_mbuf* pending[kBurst] = {};  // refused by the tx ring, retried before receiving more
  uint32_t pending_sizes[kBurst] = {};
  unsigned pending_at = 0;
  unsigned pending_end = 0;
  uint16_t pending_queue = 0;
  uint32_t next_flow = 0;  // "mac" mode with flows: frames rewritten so far, modulo flows
};
struct Forwarding {
  bool active = false;
  bool rewrite_macs = false;  // "mac" mode: src = tx port, dst = the pair's rx port
  uint32_t flows = 1;         // ... each + the flow index (see proto::ForwardParams)
  std::vector<ForwardPair> pairs;
  uint64_t since_tsc = 0;
  uint64_t since_busy_cycles = 0;
};

struct BackgroundStream {
  uint16_t port = 0;
  std::unique_ptr<TxJob> job;
};

struct DatapathState {
  std::vector<PortRuntime> ports;
  rte_mempool* pool = nullptr;
  uint64_t tsc_hz = 0;
  std::map<uint16_t, BackgroundStream> streams;
  std::unordered_map<uint16_t, uint64_t> next_seq;  // per stream id: where the next send starts
  Forwarding forwarding;
  // Reset every loop iteration: the earliest TSC at which a job has a frame due, and how
  // many frames jobs sent (activity keeps the datapath from napping).
  uint64_t next_due_tsc = UINT64_MAX;
  uint64_t jobs_sent = 0;
  // TSC cycles of loop iterations that moved frames: the generator's own cost, to report
  // next to every rate (which side is saturated?).
  uint64_t busy_cycles = 0;

  TxTarget target(uint16_t port, uint16_t queue) {
    return TxTarget{ports[port].port->id(), queue, &ports[port].queues[queue].tx, pool};
  }
  // Polls a job and remembers when it is due next (for the idle nap).
  unsigned poll(TxJob& job, uint64_t now);
  void clear_counters(uint64_t now);
  // Ends forwarding, returning the mbufs it still holds.
  void release_forwarding();
  // Returns every mbuf still held (forwarding, streams) to the pool.
  void release_all();
};

// Work a command does on the datapath thread. step() runs once per loop iteration until it
// returns the reply; most tasks finish in their first step.
class Task {
 public:
  virtual ~Task() = default;
  virtual std::optional<Result<json>> step(DatapathState& state, uint64_t now) = 0;
};

template <typename F>
class FunctionTask final : public Task {
 public:
  explicit FunctionTask(F function) : function_(std::move(function)) {}
  std::optional<Result<json>> step(DatapathState& state, uint64_t now) override {
    return function_(state, now);
  }

 private:
  F function_;
};

// A task from a (mutable) function (DatapathState&, uint64_t now) -> optional<Result<json>>.
template <typename F>
std::unique_ptr<Task> make_task(F function) {
  return std::make_unique<FunctionTask<F>>(std::move(function));
}

class Datapath {
 public:
  Datapath(DatapathState state, bool busy_poll, uint32_t idle_sleep_us);

  // ---- control thread ----
  // Hands a task over; its reply is ready when completion_fd() becomes readable.
  void submit(std::unique_ptr<Task> task);
  int completion_fd() const { return completion_fd_.get(); }
  // The reply of the submitted task (after completion_fd() was readable).
  Result<json> take_reply();

  // ---- datapath thread ----
  void run(const std::atomic<bool>& stop);

  // After run() returned: frees every mbuf still held and closes captures.
  void shutdown();

 private:
  unsigned receive();
  unsigned forward(uint64_t now);
  void nap(uint64_t now);

  DatapathState state_;
  bool busy_poll_;
  uint64_t idle_sleep_cycles_;
  unsigned idle_rounds_ = 0;

  std::mutex mailbox_mutex_;
  std::atomic<bool> has_incoming_{false};
  std::unique_ptr<Task> incoming_;
  std::optional<Result<json>> reply_;
  std::unique_ptr<Task> current_;  // datapath thread only
  UniqueFd completion_fd_;
};

}  // namespace nfv::traffic
