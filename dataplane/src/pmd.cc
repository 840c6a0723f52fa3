#include "nfv/dataplane/pmd.h"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_hash.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>
#include <sys/prctl.h>

#include <algorithm>
#include <string>

#include "nfv/dataplane/fdb.h"
#include "nfv/dataplane/fdb_service.h"
#include "nfv/dataplane/packet.h"
#include "nfv/vhost/burst.h"

namespace nfv::dp {
namespace {

constexpr unsigned kPrefetchAhead = 3;
constexpr uint32_t kIdleSpinIterations = 128;  // before the first sleep
constexpr uint8_t kNoSlot = 0xff;

struct TxBuffer {
  uint16_t count;
  bool listed;  // in PmdState::pending until the end of the iteration's flush
  rte_mbuf* pkts[kTxBufferSize];
};

}  // namespace

struct alignas(RTE_CACHE_LINE_SIZE) PmdState {
  std::array<PortCounters, kMaxPorts> working;  // this PMD's counters, published per iteration
  std::array<TxBuffer, kMaxPorts> tx;
  std::array<uint16_t, kMaxPorts> pending;  // ports with buffered packets
  uint16_t n_pending;
  std::array<uint16_t, kMaxPorts> touched;  // ports whose counters changed this iteration
  uint16_t n_touched;
  std::array<bool, kMaxPorts> is_touched;
  std::array<LearnRequest, kBurstSize> learn;
  uint16_t n_learn;
  uint32_t idle_iterations;
  uint32_t sleep_us;
};

namespace {

// One iteration's view: the snapshot, this PMD's state and counters. Everything inline.
class Forwarder {
 public:
  Forwarder(const Snapshot& snapshot, PmdState& state, PmdCounters& published,
            const PmdConfig& config, rte_ring* learn_ring)
      : s_(snapshot),
        st_(state),
        published_(published),
        pmd_id_(config.id),
        pool_(config.pool),
        learn_ring_(learn_ring) {}

  // Receives one burst from `rxq` and forwards it into the tx buffers. Returns packets seen.
  uint16_t poll(const RxqRef& rxq) {
    const PortRuntime& in = s_.ports[rxq.port];
    rte_mbuf* pkts[kBurstSize];
    uint16_t n;
    if (in.kind == PortKind::kVhost) {
      if (in.vid < 0) return 0;
      n = vhost::receive_burst(in.vid, rxq.queue, pool_, pkts, kBurstSize);
    } else {
      n = rte_eth_rx_burst(in.eth_port, rxq.queue, pkts, kBurstSize);
    }
    if (n == 0) return 0;
    PortCounters& c = counters_of(in.index);
    uint64_t bytes = 0;
    for (uint16_t i = 0; i < n; ++i) bytes += pkts[i]->pkt_len;
    c.rx_packets += n;
    c.rx_bytes += bytes;
    publish_add(published_.rxq_packets[rxq.port][rxq.queue], n);

    if (!in.admin_up) {
      drop_all(pkts, n, c, DropReason::kPortDownRx);
    } else if (in.attachment == Attachment::kBridge) {
      forward_bridge(in, c, pkts, n);
    } else if (in.attachment == Attachment::kXconnect && s_.ports[in.peer].present) {
      c.forwarded += n;
      for (uint16_t i = 0; i < n; ++i) output(in.peer, pkts[i]);
    } else {
      drop_all(pkts, n, c, DropReason::kNoDestination);
    }
    return n;
  }

  void flush_all() {
    for (uint16_t i = 0; i < st_.n_pending; ++i) {
      uint16_t port = st_.pending[i];
      transmit(port);
      st_.tx[port].listed = false;
    }
    st_.n_pending = 0;
  }

 private:
  PortCounters& counters_of(uint16_t port) {
    if (!st_.is_touched[port]) {
      st_.is_touched[port] = true;
      st_.touched[st_.n_touched++] = port;
    }
    return st_.working[port];
  }

  static void drop(rte_mbuf* m, PortCounters& c, DropReason reason) {
    rte_pktmbuf_free(m);
    ++c.drop(reason);
  }

  static void drop_all(rte_mbuf** pkts, uint16_t n, PortCounters& c, DropReason reason) {
    rte_pktmbuf_free_bulk(pkts, n);
    c.drop(reason) += n;
  }

  void output(uint16_t port, rte_mbuf* m) {
    TxBuffer& buffer = st_.tx[port];
    // Listed once per iteration, however often a full buffer is sent in between: the
    // pending list can then never hold more than kMaxPorts entries.
    if (!buffer.listed) {
      buffer.listed = true;
      st_.pending[st_.n_pending++] = port;
    }
    buffer.pkts[buffer.count++] = m;
    if (buffer.count == kTxBufferSize) transmit(port);  // stays listed; count is 0 again
  }

  // Sends a port's buffered packets: retries while the queue keeps accepting some, up to the
  // port's budget, then drops the rest as tx_queue_full. Never waits on a stuck peer.
  void transmit(uint16_t port) {
    TxBuffer& buffer = st_.tx[port];
    uint16_t n = buffer.count;
    if (n == 0) return;
    buffer.count = 0;
    const PortRuntime& out = s_.ports[port];
    PortCounters& c = counters_of(port);
    c.tx_attempts += n;
    bool vhost = out.kind == PortKind::kVhost;
    if (!out.present || !out.admin_up || !out.link_up || (vhost && out.n_tx_queue_pairs == 0)) {
      drop_all(buffer.pkts, n, c, DropReason::kPortDownTx);
      return;
    }
    uint64_t bytes = 0;
    for (uint16_t i = 0; i < n; ++i) bytes += buffer.pkts[i]->pkt_len;
    uint16_t sent = 0;
    uint16_t retries = 0;
    if (vhost) {
      uint16_t qp = out.tx_queue_pairs[pmd_id_ % out.n_tx_queue_pairs];
      sent = vhost::transmit_burst(out.vid, qp, buffer.pkts, n);
      while (sent < n && retries < out.tx_retries) {
        uint16_t more = vhost::transmit_burst(out.vid, qp, buffer.pkts + sent, n - sent);
        ++retries;
        if (more == 0) break;
        sent += more;
      }
      for (uint16_t i = sent; i < n; ++i) bytes -= buffer.pkts[i]->pkt_len;
      rte_pktmbuf_free_bulk(buffer.pkts, n);  // librte_vhost copied what it took
    } else {
      uint16_t queue = pmd_id_ % out.n_txq;
      if (out.txq_locks) rte_spinlock_lock(&out.txq_locks->locks[queue]);
      sent = rte_eth_tx_burst(out.eth_port, queue, buffer.pkts, n);
      while (sent < n && retries < out.tx_retries) {
        uint16_t more = rte_eth_tx_burst(out.eth_port, queue, buffer.pkts + sent, n - sent);
        ++retries;
        if (more == 0) break;
        sent += more;
      }
      if (out.txq_locks) rte_spinlock_unlock(&out.txq_locks->locks[queue]);
      // Sent mbufs belong to the driver now; only the unsent ones may be touched.
      for (uint16_t i = sent; i < n; ++i) bytes -= buffer.pkts[i]->pkt_len;
      if (sent < n) rte_pktmbuf_free_bulk(buffer.pkts + sent, n - sent);
    }
    c.tx_packets += sent;
    c.tx_bytes += bytes;
    c.tx_retries += retries;
    c.drop(DropReason::kTxQueueFull) += n - sent;
  }

  void forward_bridge(const PortRuntime& in, PortCounters& c, rte_mbuf** pkts, uint16_t n) {
    const BridgeRuntime& bridge = s_.bridges[in.bridge];
    rte_mbuf* kept[kBurstSize];
    uint16_t vlan[kBurstSize];
    bool tagged[kBurstSize];
    uint8_t src_slot[kBurstSize];
    uint8_t dst_slot[kBurstSize];
    uint64_t keys[2 * kBurstSize];
    const void* key_ptrs[2 * kBurstSize];
    uint8_t n_keys = 0;
    uint16_t m = 0;
    // Consecutive frames of one conversation share keys: look each up once.
    uint64_t last_src = ~0ULL;
    uint64_t last_dst = ~0ULL;
    uint8_t last_src_slot = kNoSlot;
    uint8_t last_dst_slot = kNoSlot;

    for (uint16_t i = 0; i < n; ++i) {
      if (i + kPrefetchAhead < n) rte_prefetch0(rte_pktmbuf_mtod(pkts[i + kPrefetchAhead], void*));
      rte_mbuf* mb = pkts[i];
      bool is_tagged = false;
      uint16_t v = classify_frame(in, mb, is_tagged);
      if (v == kFrameMalformed) {
        drop(mb, c, DropReason::kMalformed);
        continue;
      }
      if (v == kVlanInvalid) {
        drop(mb, c, DropReason::kVlanNotAllowed);
        continue;
      }
      const auto* eth = rte_pktmbuf_mtod(mb, const rte_ether_hdr*);
      uint64_t src = frame_src_key(v, eth);
      if (src != last_src) {
        keys[n_keys] = src;
        key_ptrs[n_keys] = &keys[n_keys];
        last_src = src;
        last_src_slot = n_keys++;
      }
      src_slot[m] = last_src_slot;
      if (is_multicast(eth->dst_addr.addr_bytes)) {
        dst_slot[m] = kNoSlot;
      } else {
        uint64_t dst = frame_dst_key(v, eth);
        if (dst != last_dst) {
          keys[n_keys] = dst;
          key_ptrs[n_keys] = &keys[n_keys];
          last_dst = dst;
          last_dst_slot = n_keys++;
        }
        dst_slot[m] = last_dst_slot;
      }
      kept[m] = mb;
      vlan[m] = v;
      tagged[m] = is_tagged;
      ++m;
    }
    if (m == 0) return;

    uint64_t hits = 0;
    void* data[2 * kBurstSize];
    Fdb& fdb = *bridge.fdb;
    rte_hash_lookup_bulk_data(fdb.hash(), key_ptrs, n_keys, &hits, data);

    // Learning: one decision per distinct source key. A new MAC, or a known one on another
    // port, goes to the FDB writer; a known one where it belongs is marked active.
    uint8_t last_learned = kNoSlot;
    for (uint16_t j = 0; j < m; ++j) {
      uint8_t slot = src_slot[j];
      if (slot == last_learned) continue;
      last_learned = slot;
      if ((hits >> slot) & 1) {
        const void* entry = data[slot];
        if (FdbWord::port(entry) == in.index || FdbWord::is_static(entry)) {
          fdb.mark_active(entry);
          continue;
        }
      }
      if (st_.n_learn < kBurstSize) {
        st_.learn[st_.n_learn++] = LearnRequest{keys[slot], in.index, in.bridge, 0};
      }
    }
    if (st_.n_learn > 0) send_learn_requests();

    for (uint16_t j = 0; j < m; ++j) {
      rte_mbuf* mb = kept[j];
      uint8_t slot = dst_slot[j];
      if (slot == kNoSlot || !((hits >> slot) & 1)) {
        flood(in, c, bridge, mb, vlan[j], tagged[j]);
        continue;
      }
      uint16_t out = FdbWord::port(data[slot]);
      if (out == in.index) {
        drop(mb, c, DropReason::kHairpin);
        continue;
      }
      const PortRuntime& op = s_.ports[out];
      if (!op.present || op.attachment != Attachment::kBridge || op.bridge != in.bridge) {
        drop(mb, c, DropReason::kNoDestination);
        continue;
      }
      if (!op.member_of(vlan[j])) {
        drop(mb, c, DropReason::kVlanNotAllowed);
        continue;
      }
      if (!set_encapsulation(mb, tagged[j], op.egress_tagged(vlan[j]), vlan[j])) {
        drop(mb, c, DropReason::kMalformed);  // no headroom for the tag
        continue;
      }
      ++c.forwarded;
      output(out, mb);
    }
  }

  // Sends a frame to every other port of its (bridge, VLAN): the ports that want the frame's
  // current encapsulation share it by reference count; the others share one re-tagged copy.
  void flood(const PortRuntime& in, PortCounters& c, const BridgeRuntime& bridge, rte_mbuf* m,
             uint16_t vlan, bool tagged) {
    uint16_t list = bridge.flood_list_of_vlan[vlan];
    if (list == BridgeRuntime::kNoFloodList) {
      drop(m, c, DropReason::kNoDestination);
      return;
    }
    uint16_t same[kMaxPorts];
    uint16_t other[kMaxPorts];
    uint16_t n_same = 0;
    uint16_t n_other = 0;
    for (uint16_t entry : bridge.flood_lists[list].entries) {
      uint16_t port = entry & ~FloodList::kTaggedBit;
      if (port == in.index) continue;
      bool want_tagged = (entry & FloodList::kTaggedBit) != 0;
      if (want_tagged == tagged) {
        same[n_same++] = port;
      } else {
        other[n_other++] = port;
      }
    }
    if (n_same + n_other == 0) {
      drop(m, c, DropReason::kNoDestination);
      return;
    }
    rte_mbuf* variant = nullptr;
    if (n_other > 0) {
      if (n_same == 0) {
        variant = m;  // nobody wants the original form: convert it in place
        m = nullptr;
      } else {
        variant = rte_pktmbuf_copy(m, pool_, 0, UINT32_MAX);
      }
      if (variant != nullptr && !set_encapsulation(variant, tagged, !tagged, vlan)) {
        rte_pktmbuf_free(variant);
        variant = nullptr;
      }
      if (variant == nullptr) {
        if (m == nullptr) {  // the only form wanted could not be made: no headroom for a tag
          ++c.drop(DropReason::kMalformed);
          return;
        }
        publish_add(published_.totals.flood_copy_failed, 1);
      }
    }
    ++c.forwarded;
    ++c.flooded;
    if (m != nullptr) {
      if (n_same > 1) rte_mbuf_refcnt_update(m, static_cast<int16_t>(n_same - 1));
      for (uint16_t i = 0; i < n_same; ++i) output(same[i], m);
    }
    if (variant != nullptr) {
      if (n_other > 1) rte_mbuf_refcnt_update(variant, static_cast<int16_t>(n_other - 1));
      for (uint16_t i = 0; i < n_other; ++i) output(other[i], variant);
    }
  }

  void send_learn_requests() {
    unsigned queued = rte_ring_sp_enqueue_burst_elem(learn_ring_, st_.learn.data(),
                                                     sizeof(LearnRequest), st_.n_learn, nullptr);
    if (queued < st_.n_learn) publish_add(published_.totals.learn_queue_full, st_.n_learn - queued);
    st_.n_learn = 0;
  }

  const Snapshot& s_;
  PmdState& st_;
  PmdCounters& published_;
  uint16_t pmd_id_;
  rte_mempool* pool_;
  rte_ring* learn_ring_;
};

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

Result<std::unique_ptr<Pmd>> Pmd::create(const PmdConfig& config, SnapshotPublisher* publisher,
                                         rte_rcu_qsbr* qsbr) {
  std::unique_ptr<Pmd> pmd(new Pmd(config));
  pmd->publisher_ = publisher;
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

  while (!stop_.load(std::memory_order_relaxed)) {
    const Snapshot& snapshot = *publisher_->current();
    uint64_t start = rte_rdtsc();
    uint64_t busy = 0;
    uint32_t received = 0;
    Forwarder forwarder(snapshot, st, *counters_, config_, learn_ring_);
    // One TSC read per queue polled: each read ends one interval and starts the next
    // (rdtsc costs tens of cycles in a VM). An empty poll's few cycles count as idle.
    uint64_t mark = start;
    if (config_.id < snapshot.pmds.size()) {
      for (const RxqRef& rxq : snapshot.pmds[config_.id].rxqs) {
        uint16_t n = forwarder.poll(rxq);
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
      forwarder.flush_all();
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
    }
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
