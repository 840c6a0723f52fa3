#include "nfv/fastpath/pmd.h"

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <sys/prctl.h>

#include <algorithm>
#include <string>

#include "iteration.h"
#include "paths.h"
#include "pmd_state.h"
#include "stage_transmit.h"

namespace nfv::dp {
namespace {

constexpr uint32_t kIdleSpinIterations = 128;  // before the first sleep

// Publishes the touched ports' counters in one short seqlock window.
void commit_counters(PmdState& st, PmdCounters& published) {
  if (st.n_touched == 0) return;
  uint64_t seq = published.sequence.load(std::memory_order_relaxed);
  published.sequence.store(seq + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  for (uint16_t i = 0; i < st.n_touched; ++i) {
    uint16_t port = st.touched[i];
    const auto* from = reinterpret_cast<const uint64_t*>(&st.working[port]);
    auto* to = reinterpret_cast<uint64_t*>(&published.published[port]);
    for (size_t w = 0; w < sizeof(PortCounters) / sizeof(uint64_t); ++w) {
      std::atomic_ref<uint64_t>(to[w]).store(from[w], std::memory_order_relaxed);
    }
    st.is_touched[port] = false;
  }
  st.n_touched = 0;
  published.sequence.store(seq + 2, std::memory_order_release);
}

}  // namespace

Result<std::unique_ptr<Pmd>> Pmd::create(const PmdConfig& config, const CurrentSnapshot* current,
                                         rte_rcu_qsbr* qsbr) {
  std::unique_ptr<Pmd> pmd(new Pmd(config));
  pmd->current_ = current;
  pmd->qsbr_ = qsbr;
  int socket = config.numa < 0 ? SOCKET_ID_ANY : config.numa;
  void* counters =
      rte_zmalloc_socket("pmd_counters", sizeof(PmdCounters), RTE_CACHE_LINE_SIZE, socket);
  void* state = rte_zmalloc_socket("pmd_state", sizeof(PmdState), RTE_CACHE_LINE_SIZE, socket);
  std::string ring_name = "learn_pmd" + std::to_string(config.id);
  pmd->learn_ring_ = rte_ring_create_elem(ring_name.c_str(), sizeof(LearnRequest), kLearnRingSize,
                                          socket, RING_F_SP_ENQ | RING_F_SC_DEQ);
  if (counters == nullptr || state == nullptr || pmd->learn_ring_ == nullptr) {
    rte_free(counters);
    rte_free(state);
    return make_error(
        "PMD {} on lcore {}: cannot allocate its counters, buffers and learn ring "
        "on node {} (give nfv-switch more --memory)",
        config.id, config.lcore, config.numa);
  }
  pmd->counters_ = new (counters) PmdCounters();
  pmd->state_ = new (state) PmdState();
  return pmd;
}

Pmd::~Pmd() {
  stop();
  rte_ring_free(learn_ring_);
  rte_free(state_);
  rte_free(counters_);
}

Status Pmd::launch() {
  stop_.store(false);
  int rc = rte_eal_remote_launch(&Pmd::loop_entry, this, config_.lcore);
  if (rc != 0) {
    return make_error(
        "PMD {}: cannot start on lcore {} ({}); is the lcore in the EAL core list "
        "and idle?",
        config_.id, config_.lcore, rte_strerror(-rc));
  }
  launched_ = true;
  return {};
}

void Pmd::stop() {
  if (!launched_) return;
  stop_.store(true);
  rte_eal_wait_lcore(config_.lcore);
  launched_ = false;
}

int Pmd::loop_entry(void* self) {
  static_cast<Pmd*>(self)->run();
  return 0;
}

void Pmd::run() {
  prctl(PR_SET_TIMERSLACK, 1000UL);  // idle sleeps of a few microseconds mean what they say
  rte_rcu_qsbr_thread_register(qsbr_, config_.id);
  rte_rcu_qsbr_thread_online(qsbr_, config_.id);
  PmdState& st = *state_;
  PmdTotals& totals = counters_->totals;
  const uint64_t cycles_per_us = std::max<uint64_t>(rte_get_tsc_hz() / 1'000'000, 1);
  const uint64_t late_floor = cycles_per_us * kLatePollBoundsUs[0];
  uint64_t previous_start = rte_rdtsc();

  while (!stop_.load(std::memory_order_relaxed)) {
    const Snapshot& snapshot = *current_->load(std::memory_order_acquire);
    uint64_t start = rte_rdtsc();
    uint64_t busy = 0;
    uint32_t received = 0;
    Iteration it{snapshot, st, *counters_, config_.id, config_.pool, learn_ring_};
    // One TSC read per queue polled: each read ends one interval and starts the next
    // (rdtsc costs tens of cycles in a VM). An empty poll's few cycles count as idle.
    uint64_t mark = start;
    if (config_.id < snapshot.pmds.size()) {
      for (const RxqRef& rxq : snapshot.pmds[config_.id].rxqs) {
        it.now = mark;
        uint16_t n = poll_rxq(it, rxq);
        uint64_t now = rte_rdtsc();
        if (n != 0) {
          uint64_t cycles = now - mark;
          busy += cycles;
          received += n;
          publish_add(counters_->rxq_cycles[rxq.port][rxq.queue], cycles);
        }
        mark = now;
      }
    }
    if (st.n_pending > 0) {
      transmit_pending(it);
      busy += rte_rdtsc() - mark;
    }
    commit_counters(st, *counters_);
    rte_rcu_qsbr_quiescent(qsbr_, config_.id);

    if (received == 0) {
      if (++st.idle_iterations > kIdleSpinIterations && config_.idle_sleep_max_us > 0) {
        st.sleep_us = std::min(config_.idle_sleep_max_us, st.sleep_us == 0 ? 1 : st.sleep_us * 2);
        rte_rcu_qsbr_thread_offline(qsbr_, config_.id);
        rte_delay_us_sleep(st.sleep_us);
        rte_rcu_qsbr_thread_online(qsbr_, config_.id);
        publish_add(totals.sleeps, 1);
      } else {
        rte_pause();
      }
    } else {
      st.idle_iterations = 0;
      st.sleep_us = 0;
      if (uint64_t gap = start - previous_start; gap >= late_floor) [[unlikely]] {
        publish_add(totals.late_polls[late_poll_bucket(gap / cycles_per_us)], 1);
      }
    }
    previous_start = start;
    uint64_t elapsed = rte_rdtsc() - start;
    publish_add(totals.iterations, 1);
    publish_add(totals.busy_cycles, busy);
    publish_add(totals.idle_cycles, elapsed - busy);
    if (received) publish_add(totals.packets, received);
  }
  rte_rcu_qsbr_thread_offline(qsbr_, config_.id);
  rte_rcu_qsbr_thread_unregister(qsbr_, config_.id);
}

}  // namespace nfv::dp
