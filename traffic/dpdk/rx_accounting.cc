#include "rx_accounting.h"

#include <time.h>

namespace nfv::traffic {

RxAccounting::RxAccounting(uint64_t tsc_hz)
    : tsc_hz_(tsc_hz),
      ns_per_cycle_q32_(
          static_cast<uint64_t>((static_cast<unsigned __int128>(1000000000) << 32) / tsc_hz)),
      slot_of_stream_(65536, -1),
      linear_(kMaxFrameSize) {}

const StreamRx* RxAccounting::stream(uint16_t id) const {
  int32_t slot = slot_of_stream_[id];
  return slot < 0 ? nullptr : streams_[static_cast<size_t>(slot)].get();
}

StreamRx& RxAccounting::stream_slot(uint16_t id) {
  int32_t& slot = slot_of_stream_[id];
  if (slot < 0) {
    slot = static_cast<int32_t>(streams_.size());
    streams_.push_back(std::make_unique<StreamRx>());
    streams_.back()->id = id;
  }
  return *streams_[static_cast<size_t>(slot)];
}

void RxAccounting::forget_stream(uint16_t id) {
  int32_t slot = slot_of_stream_[id];
  if (slot < 0) return;
  // Swap-remove, keeping the index of the moved stream right.
  auto index = static_cast<size_t>(slot);
  std::swap(streams_[index], streams_.back());
  slot_of_stream_[streams_[index]->id] = slot;
  streams_.pop_back();
  slot_of_stream_[id] = -1;
}

void RxAccounting::clear() {
  for (const auto& s : streams_) slot_of_stream_[s->id] = -1;
  streams_.clear();
  non_test_ = corrupt_ = 0;
  recent_.clear();
  overwritten_ = 0;
}

void RxAccounting::account(rte_mbuf* const* mbufs, uint16_t count, uint64_t now) {
  for (uint16_t i = 0; i < count; ++i) {
    const rte_mbuf* m = mbufs[i];
    uint32_t size = m->pkt_len;
    const uint8_t* data = rte_pktmbuf_mtod(m, const uint8_t*);
    if (m->nb_segs > 1) {
      size = std::min<uint32_t>(size, static_cast<uint32_t>(linear_.size()));
      data = static_cast<const uint8_t*>(rte_pktmbuf_read(m, 0, size, linear_.data()));
    }
    account_one(data, size, now);
  }
}

void RxAccounting::account_one(const uint8_t* data, uint32_t size, uint64_t now) {
  std::span<const uint8_t> frame(data, size);
  ParsedFrame parsed = parser_.parse(frame);
  switch (parsed.verdict) {
    case FrameVerdict::kNotTest:
      ++non_test_;
      break;
    case FrameVerdict::kCorrupt:
      ++corrupt_;
      break;
    case FrameVerdict::kIntact: {
      StreamRx& s = stream_slot(parsed.header.stream);
      s.sequence.record(parsed.header.sequence);
      // Stamps from this host's TSC; a stamp in the future (another CPU's skew) counts as 0.
      if (parsed.header.flags & kFlagTimestamped) {
        uint64_t cycles = now > parsed.header.tx_tsc ? now - parsed.header.tx_tsc : 0;
        // A multiply, not a division, per frame.
        auto ns = static_cast<unsigned __int128>(cycles) * ns_per_cycle_q32_ >> 32;
        s.latency_ns.record(static_cast<uint64_t>(ns));
      }
      break;
    }
  }
  if (capture_) {
    auto ns = static_cast<unsigned __int128>(now - capture_tsc_) * 1000000000ULL / tsc_hz_;
    // A full disk stops the capture rather than the datapath; stop_capture reports it.
    Status written = capture_->write(frame, capture_wall_ns_ + static_cast<uint64_t>(ns));
    if (!written) {
      capture_error_ = written.error().message;
      capture_.reset();
    }
  }
  if (keep_recent_) {
    if (recent_.size() == kRecentFrames) {
      recent_.pop_front();
      ++overwritten_;
    }
    recent_.emplace_back(frame.begin(), frame.end());
  }
}

Status RxAccounting::start_capture(const std::string& path) {
  if (capture_) {
    return make_error("already capturing to {}; run capture_stop first", capture_->path());
  }
  capture_error_.clear();
  auto writer = PcapWriter::create(path);
  if (!writer) return std::move(writer).error();
  capture_.emplace(std::move(writer).value());
  timespec wall{};
  clock_gettime(CLOCK_REALTIME, &wall);
  capture_wall_ns_ = static_cast<uint64_t>(wall.tv_sec) * 1000000000ULL + wall.tv_nsec;
  capture_tsc_ = rte_rdtsc();
  return {};
}

Result<std::pair<std::string, uint64_t>> RxAccounting::stop_capture() {
  if (!capture_) {
    if (!capture_error_.empty()) {
      std::string error = std::move(capture_error_);
      capture_error_.clear();
      return make_error("capture stopped early: {}", error);
    }
    return make_error("not capturing; start with capture {{port, path}}");
  }
  std::pair<std::string, uint64_t> done{capture_->path(), capture_->packets()};
  Status closed = capture_->close();
  capture_.reset();
  if (!closed) return std::move(closed).error();
  return done;
}

std::vector<std::vector<uint8_t>> RxAccounting::take_recent(size_t max) {
  std::vector<std::vector<uint8_t>> frames;
  while (!recent_.empty() && frames.size() < max) {
    frames.push_back(std::move(recent_.front()));
    recent_.pop_front();
  }
  return frames;
}

uint64_t RxAccounting::take_overwritten() {
  uint64_t value = overwritten_;
  overwritten_ = 0;
  return value;
}

}  // namespace nfv::traffic
