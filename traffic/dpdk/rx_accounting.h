// What one port received: test frames verified and tracked per stream (sequence gaps,
// reordering, duplicates, latency from the sender's TSC stamp), other frames counted, and
// optionally every frame written to a pcap file or kept in a small ring for `recv`.
// Datapath thread only.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/traffic/frame.h"
#include "nfv/traffic/latency_histogram.h"
#include "nfv/traffic/pcap.h"
#include "nfv/traffic/sequence_tracker.h"

namespace nfv::traffic {

struct StreamRx {
  uint16_t id = 0;
  SequenceTracker sequence;
  LatencyHistogram latency_ns;
};

class RxAccounting {
 public:
  static constexpr size_t kRecentFrames = 1024;

  explicit RxAccounting(uint64_t tsc_hz);

  // Parses and records a received burst (the mbufs stay the caller's). `now` is the TSC
  // right after the burst was received.
  void account(rte_mbuf* const* mbufs, uint16_t count, uint64_t now);

  uint64_t non_test() const { return non_test_; }
  uint64_t corrupt() const { return corrupt_; }
  const std::vector<std::unique_ptr<StreamRx>>& streams() const { return streams_; }
  const StreamRx* stream(uint16_t id) const;
  void forget_stream(uint16_t id);
  void clear();

  Status start_capture(const std::string& path);
  bool capturing() const { return capture_.has_value() || !capture_error_.empty(); }
  // Closes the file; returns its path and frame count.
  Result<std::pair<std::string, uint64_t>> stop_capture();

  // `recv`: the oldest kept frames, removed from the ring.
  std::vector<std::vector<uint8_t>> take_recent(size_t max);
  uint64_t take_overwritten();
  // Off during trials and forwarding: copying every frame would cost more than the rest.
  void set_keep_recent(bool keep) { keep_recent_ = keep; }

 private:
  void account_one(const uint8_t* data, uint32_t size, uint64_t now);
  StreamRx& stream_slot(uint16_t id);

  uint64_t tsc_hz_;
  uint64_t ns_per_cycle_q32_;  // nanoseconds per TSC cycle, fixed point with 32 fraction bits
  FrameParser parser_;
  uint64_t non_test_ = 0;
  uint64_t corrupt_ = 0;
  std::vector<int32_t> slot_of_stream_;  // 65536 entries: stream id -> index in streams_
  std::vector<std::unique_ptr<StreamRx>> streams_;
  std::optional<PcapWriter> capture_;
  std::string capture_error_;
  uint64_t capture_wall_ns_ = 0;  // realtime at capture start, and the TSC then
  uint64_t capture_tsc_ = 0;
  bool keep_recent_ = true;
  std::deque<std::vector<uint8_t>> recent_;
  uint64_t overwritten_ = 0;
  std::vector<uint8_t> linear_;  // a chained mbuf, copied into one buffer
};

}  // namespace nfv::traffic
