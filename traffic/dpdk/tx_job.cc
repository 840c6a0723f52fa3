#include "tx_job.h"

#include <rte_ethdev.h>

#include <algorithm>
#include <cstring>

namespace nfv::traffic {
namespace {
// A paced job that fell behind (a full ring, a preempted CPU) catches up on at most 10 ms
// (and at least two bursts) of frames; beyond that it skips ahead instead of bursting for
// long, and the achieved rate shows the shortfall.
constexpr uint64_t kMaxBacklogPerSecond = 100;
}  // namespace

TxJob::TxJob(TxTarget target, FrameBuilder builder, uint64_t first_seq, uint64_t count,
             uint64_t rate_pps, uint64_t tsc_hz, uint64_t now)
    : target_(target),
      builder_(std::move(builder)),
      first_seq_(first_seq),
      count_(count),
      rate_pps_(rate_pps),
      tsc_hz_(tsc_hz),
      start_tsc_(now),
      schedule_tsc_(now) {}

TxJob::TxJob(TxTarget target, std::vector<std::vector<uint8_t>> frames, uint64_t now)
    : target_(target),
      frames_(std::move(frames)),
      count_(frames_.size()),
      start_tsc_(now),
      schedule_tsc_(now) {}

TxJob::~TxJob() { abandon(); }

void TxJob::abandon() {
  unsigned left = pending_end_ - pending_at_;
  if (left > 0) {
    rte_pktmbuf_free_bulk(pending_ + pending_at_, left);
    failed_ += left;
    target_.counters->failed += left;
  }
  pending_at_ = pending_end_ = 0;
  // Frames never built do not count as failed: they were never offered.
}

uint64_t TxJob::due_by(uint64_t now) const {
  if (rate_pps_ == 0) return UINT64_MAX;
  if (now < schedule_tsc_) return 0;
  // The first frame is due at start; integer maths keeps the long-run rate exact.
  auto elapsed = static_cast<unsigned __int128>(now - schedule_tsc_);
  return static_cast<uint64_t>(elapsed * rate_pps_ / tsc_hz_) + 1;
}

uint64_t TxJob::next_due_tsc() const {
  if (pending_end_ > pending_at_ || rate_pps_ == 0) return 0;
  if (count_ != 0 && built_ == count_) return UINT64_MAX;
  auto offset = static_cast<unsigned __int128>(built_) * tsc_hz_ / rate_pps_;
  return schedule_tsc_ + static_cast<uint64_t>(offset);
}

unsigned TxJob::build(rte_mbuf** mbufs, unsigned wanted, uint64_t now) {
  if (rte_pktmbuf_alloc_bulk(target_.pool, mbufs, wanted) != 0) return 0;  // retried later
  for (unsigned i = 0; i < wanted; ++i) {
    rte_mbuf* m = mbufs[i];
    uint8_t* data = rte_pktmbuf_mtod(m, uint8_t*);
    uint32_t size;
    if (builder_) {
      uint64_t sequence = first_seq_ + built_ + i;
      size = builder_->size_for(sequence);
      builder_->write(data, sequence, now);
    } else {
      const std::vector<uint8_t>& frame = frames_[built_ + i];
      size = static_cast<uint32_t>(frame.size());
      std::memcpy(data, frame.data(), size);
    }
    m->data_len = static_cast<uint16_t>(size);
    m->pkt_len = size;
    pending_sizes_[i] = size;
  }
  built_ += wanted;
  return wanted;
}

unsigned TxJob::transmit(uint64_t now) {
  uint16_t want = static_cast<uint16_t>(pending_end_ - pending_at_);
  uint16_t sent = rte_eth_tx_burst(target_.port_id, target_.queue, pending_ + pending_at_, want);
  if (sent == 0) return 0;
  // Accepted mbufs belong to the driver now: their sizes were noted when they were built.
  uint64_t bytes = 0;
  for (unsigned i = 0; i < sent; ++i) bytes += pending_sizes_[pending_at_ + i];
  pending_at_ += sent;
  accepted_ += sent;
  last_accept_tsc_ = now;
  target_.counters->packets += sent;
  target_.counters->bytes += bytes;
  if (pending_at_ == pending_end_) pending_at_ = pending_end_ = 0;
  return sent;
}

unsigned TxJob::poll(uint64_t now) {
  // A burst the ring refused goes first, to keep the order; nothing new until it is out.
  if (pending_end_ > pending_at_) return transmit(now);
  if (count_ != 0 && built_ == count_) return 0;
  uint64_t wanted = kBurst;
  if (count_ != 0) wanted = std::min(wanted, count_ - built_);
  if (rate_pps_ != 0) {
    uint64_t due = due_by(now);
    if (due <= built_) return 0;
    uint64_t max_backlog =
        max_backlog_ != 0 ? max_backlog_ : std::max(kMinBacklog, rate_pps_ / kMaxBacklogPerSecond);
    if (due - built_ > max_backlog) {
      // Skip what cannot be sent on time (no gaps: sequence numbers follow what is built).
      auto late = static_cast<unsigned __int128>(due - built_ - max_backlog);
      schedule_tsc_ += static_cast<uint64_t>(late * tsc_hz_ / rate_pps_);
      due = due_by(now);
    }
    wanted = std::min(wanted, due - built_);
  }
  unsigned built = build(pending_, static_cast<unsigned>(wanted), now);
  if (built == 0) return 0;
  pending_at_ = 0;
  pending_end_ = built;
  unsigned sent = transmit(now);
  if (drop_when_full_) abandon();
  return sent;
}

}  // namespace nfv::traffic
