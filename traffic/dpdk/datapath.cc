#include "datapath.h"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "nfv/traffic/frame.h"

namespace nfv::traffic {
namespace {
// Idle iterations (spinning with a pause) before the first nap: a short gap between bursts
// should not cost a syscall.
constexpr unsigned kSpinRoundsBeforeNap = 64;
constexpr unsigned long kTimerSlackNs = 1000;
}  // namespace

unsigned DatapathState::poll(TxJob& job, uint64_t now) {
  unsigned sent = job.poll(now);
  jobs_sent += sent;
  next_due_tsc = std::min(next_due_tsc, job.next_due_tsc());
  return sent;
}

void DatapathState::clear_counters(uint64_t now) {
  for (PortRuntime& port : ports) {
    std::fill(port.queues.begin(), port.queues.end(), QueueCounters{});
    port.rx.clear();
  }
  for (ForwardPair& pair : forwarding.pairs) pair.packets = pair.bytes = 0;
  forwarding.since_tsc = now;
  forwarding.since_busy_cycles = busy_cycles;
}

void DatapathState::release_forwarding() {
  for (ForwardPair& pair : forwarding.pairs) {
    if (pair.pending_end > pair.pending_at) {
      rte_pktmbuf_free_bulk(pair.pending + pair.pending_at, pair.pending_end - pair.pending_at);
    }
    ports[pair.rx].rx_forwarded = false;
  }
  forwarding = Forwarding{};
}

void DatapathState::release_all() {
  release_forwarding();
  streams.clear();  // TxJob destructors free their pending bursts
}

Datapath::Datapath(DatapathState state, bool busy_poll, uint32_t idle_sleep_us)
    : state_(std::move(state)),
      busy_poll_(busy_poll),
      idle_sleep_cycles_(state_.tsc_hz / 1000000 * idle_sleep_us),
      completion_fd_(eventfd(0, EFD_CLOEXEC)) {}

void Datapath::submit(std::unique_ptr<Task> task) {
  std::lock_guard lock(mailbox_mutex_);
  incoming_ = std::move(task);
  reply_.reset();
  has_incoming_.store(true, std::memory_order_release);
}

Result<json> Datapath::take_reply() {
  uint64_t ignored = 0;
  (void)!::read(completion_fd_.get(), &ignored, sizeof(ignored));
  std::lock_guard lock(mailbox_mutex_);
  if (!reply_) return make_error("internal: no reply is ready");
  Result<json> reply = std::move(*reply_);
  reply_.reset();
  return reply;
}

uint64_t PortRuntime::rx_packets() const {
  uint64_t total = 0;
  for (const QueueCounters& c : queues) total += c.rx_packets;
  return total;
}

unsigned Datapath::receive() {
  unsigned moved = 0;
  rte_mbuf* burst[kBurst];
  for (PortRuntime& port : state_.ports) {
    if (port.rx_paused || port.rx_forwarded) continue;
    unsigned moved_before = moved;
    for (uint16_t q = 0; q < port.queues.size(); ++q) {
      uint16_t count = rte_eth_rx_burst(port.port->id(), q, burst, kBurst);
      if (count == 0) continue;
      // Latency ends when the burst is in hand, not when the loop iteration began.
      uint64_t received_at = rte_rdtsc();
      QueueCounters& counters = port.queues[q];
      counters.rx_packets += count;
      for (uint16_t i = 0; i < count; ++i) counters.rx_bytes += burst[i]->pkt_len;
      port.rx.account(burst, count, received_at);
      rte_pktmbuf_free_bulk(burst, count);
      moved += count;
    }
    if (moved == moved_before) ++port.empty_polls;
  }
  return moved;
}

namespace {

// Visits 0..flows-1 once per cycle, in an order with no locality: multiplying by a prime
// that does not divide `flows` is a bijection modulo `flows`. In learning order, the switch's
// table entries would be read sequentially, which the hardware prefetcher hides.
uint32_t scrambled_flow(uint32_t index, uint32_t flows) {
  constexpr uint64_t kPrime = 2654435761ULL;
  return static_cast<uint32_t>(uint64_t{index} * kPrime % flows);
}

}  // namespace

unsigned Datapath::forward(uint64_t /*now*/) {
  Forwarding& forwarding = state_.forwarding;
  unsigned moved = 0;
  for (ForwardPair& pair : forwarding.pairs) {
    PortRuntime& rx = state_.ports[pair.rx];
    PortRuntime& tx = state_.ports[pair.tx];
    if (pair.pending_end > pair.pending_at) {
      uint16_t want = static_cast<uint16_t>(pair.pending_end - pair.pending_at);
      uint16_t sent =
          rte_eth_tx_burst(tx.port->id(), pair.pending_queue, pair.pending + pair.pending_at, want);
      TxCounters& counters = tx.queues[pair.pending_queue].tx;
      for (uint16_t i = 0; i < sent; ++i) {
        counters.bytes += pair.pending_sizes[pair.pending_at + i];
        pair.bytes += pair.pending_sizes[pair.pending_at + i];
      }
      counters.packets += sent;
      pair.packets += sent;
      pair.pending_at += sent;
      moved += sent;
      if (pair.pending_at < pair.pending_end) continue;  // back-pressure: do not receive
      pair.pending_at = pair.pending_end = 0;
    }
    if (rx.rx_paused) continue;
    for (uint16_t q = 0; q < rx.queues.size(); ++q) {
      uint16_t count = rte_eth_rx_burst(rx.port->id(), q, pair.pending, kBurst);
      if (count == 0) continue;
      QueueCounters& rx_counters = rx.queues[q];
      rx_counters.rx_packets += count;
      for (uint16_t i = 0; i < count; ++i) {
        rte_mbuf* m = pair.pending[i];
        pair.pending_sizes[i] = m->pkt_len;
        rx_counters.rx_bytes += m->pkt_len;
        if (forwarding.rewrite_macs) {
          auto* eth = rte_pktmbuf_mtod(m, rte_ether_hdr*);
          if (forwarding.flows > 1) {
            uint32_t flow = scrambled_flow(pair.next_flow, forwarding.flows);
            pair.next_flow = pair.next_flow + 1 == forwarding.flows ? 0 : pair.next_flow + 1;
            MacAddress src = flow_mac(tx.port->mac(), flow);
            MacAddress dst = flow_mac(rx.port->mac(), flow);
            std::memcpy(&eth->src_addr, src.data(), RTE_ETHER_ADDR_LEN);
            std::memcpy(&eth->dst_addr, dst.data(), RTE_ETHER_ADDR_LEN);
          } else {
            std::memcpy(&eth->src_addr, tx.port->mac().data(), RTE_ETHER_ADDR_LEN);
            std::memcpy(&eth->dst_addr, rx.port->mac().data(), RTE_ETHER_ADDR_LEN);
          }
        }
      }
      uint16_t tx_queue = static_cast<uint16_t>(q % tx.queues.size());
      uint16_t sent = rte_eth_tx_burst(tx.port->id(), tx_queue, pair.pending, count);
      TxCounters& counters = tx.queues[tx_queue].tx;
      for (uint16_t i = 0; i < sent; ++i) {
        counters.bytes += pair.pending_sizes[i];
        pair.bytes += pair.pending_sizes[i];
      }
      counters.packets += sent;
      pair.packets += sent;
      moved += count;
      if (sent < count) {
        pair.pending_at = sent;
        pair.pending_end = count;
        pair.pending_queue = tx_queue;
        break;
      }
    }
  }
  return moved;
}

void Datapath::nap(uint64_t now) {
  if (++idle_rounds_ < kSpinRoundsBeforeNap) {
    rte_pause();
    return;
  }
  uint64_t cycles = idle_sleep_cycles_;
  if (state_.next_due_tsc != UINT64_MAX) {
    if (state_.next_due_tsc <= now) return;
    cycles = std::min(cycles, state_.next_due_tsc - now);
  }
  uint64_t us = cycles * 1000000 / state_.tsc_hz;
  if (us > 0) rte_delay_us_sleep(static_cast<unsigned>(us));
}

void Datapath::run(const std::atomic<bool>& stop) {
  // Naps are short: without this, each would overshoot by the default 50 us timer slack.
  if (!busy_poll_) prctl(PR_SET_TIMERSLACK, kTimerSlackNs);
  while (!stop.load(std::memory_order_relaxed)) {
    if (has_incoming_.load(std::memory_order_acquire)) {
      std::lock_guard lock(mailbox_mutex_);
      current_ = std::move(incoming_);
      has_incoming_.store(false, std::memory_order_relaxed);
    }
    state_.next_due_tsc = UINT64_MAX;
    state_.jobs_sent = 0;
    uint64_t now = rte_rdtsc();
    uint64_t moved = receive();
    if (state_.forwarding.active) moved += forward(now);
    for (auto& [id, stream] : state_.streams) state_.poll(*stream.job, now);
    if (current_) {
      std::optional<Result<json>> reply = current_->step(state_, now);
      if (reply) {
        current_.reset();
        {
          std::lock_guard lock(mailbox_mutex_);
          reply_ = std::move(reply);
        }
        uint64_t one = 1;
        (void)!::write(completion_fd_.get(), &one, sizeof(one));
      }
    }
    moved += state_.jobs_sent;
    if (moved > 0) {
      state_.busy_cycles += rte_rdtsc() - now;
      idle_rounds_ = 0;
    } else if (busy_poll_) {
      idle_rounds_ = 0;
    } else {
      nap(now);
    }
  }
}

void Datapath::shutdown() {
  current_.reset();
  state_.release_all();
  for (PortRuntime& port : state_.ports) {
    if (port.rx.capturing()) (void)port.rx.stop_capture();
  }
}

}  // namespace nfv::traffic
