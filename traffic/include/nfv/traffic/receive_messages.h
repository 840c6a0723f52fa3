// nfv-traffic's receiving commands (stats, wait_rx, resume_rx, capture, recv): their
// parameters and results, each listing its wire fields once (see protocol.h). Directions are
// the guest's: rx = frames nfv-traffic received from the switch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"

namespace nfv::traffic::proto {

using nfv::api::optional;
using nfv::api::required;

struct LatencyStats {
  uint64_t samples = 0;
  double min_us = 0;
  double p50_us = 0;
  double p99_us = 0;
  double max_us = 0;
  double mean_us = 0;
  static constexpr auto fields() {
    return std::tuple{
        required("samples", &LatencyStats::samples), required("min_us", &LatencyStats::min_us),
        required("p50_us", &LatencyStats::p50_us),   required("p99_us", &LatencyStats::p99_us),
        required("max_us", &LatencyStats::max_us),   required("mean_us", &LatencyStats::mean_us)};
  }
};

struct StreamStats {
  uint16_t stream = 0;
  uint64_t received = 0;
  uint64_t lost = 0;
  uint64_t reordered = 0;
  uint64_t duplicated = 0;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  uint64_t highest_seq = 0;
  LatencyStats latency;
  static constexpr auto fields() {
    return std::tuple{required("stream", &StreamStats::stream),
                      required("received", &StreamStats::received),
                      required("lost", &StreamStats::lost),
                      required("reordered", &StreamStats::reordered),
                      required("duplicated", &StreamStats::duplicated),
                      required("first_seq", &StreamStats::first_seq),
                      required("last_seq", &StreamStats::last_seq),
                      required("highest_seq", &StreamStats::highest_seq),
                      required("latency", &StreamStats::latency)};
  }
};

struct QueueStats {
  uint16_t queue = 0;
  uint64_t rx_packets = 0;
  uint64_t rx_bytes = 0;
  uint64_t tx_packets = 0;
  uint64_t tx_bytes = 0;
  static constexpr auto fields() {
    return std::tuple{required("queue", &QueueStats::queue),
                      required("rx_packets", &QueueStats::rx_packets),
                      required("rx_bytes", &QueueStats::rx_bytes),
                      required("tx_packets", &QueueStats::tx_packets),
                      required("tx_bytes", &QueueStats::tx_bytes)};
  }
};

struct PortStats {
  uint16_t port = 0;
  bool link_up = false;
  bool rx_paused = false;
  uint64_t rx_packets = 0;
  uint64_t rx_bytes = 0;
  uint64_t tx_packets = 0;
  uint64_t tx_bytes = 0;
  uint64_t tx_failed = 0;    // frames the tx ring refused and nfv-traffic gave up on
  uint64_t rx_non_test = 0;  // received frames that are not test frames
  uint64_t rx_corrupt = 0;   // test frames whose magic, length or payload is wrong
  uint64_t rx_nombuf = 0;    // ethdev: receive failed for lack of mbufs
  std::vector<QueueStats> queues;
  std::vector<StreamStats> streams;
  static constexpr auto fields() {
    return std::tuple{required("port", &PortStats::port),
                      required("link_up", &PortStats::link_up),
                      required("rx_paused", &PortStats::rx_paused),
                      required("rx_packets", &PortStats::rx_packets),
                      required("rx_bytes", &PortStats::rx_bytes),
                      required("tx_packets", &PortStats::tx_packets),
                      required("tx_bytes", &PortStats::tx_bytes),
                      required("tx_failed", &PortStats::tx_failed),
                      required("rx_non_test", &PortStats::rx_non_test),
                      required("rx_corrupt", &PortStats::rx_corrupt),
                      required("rx_nombuf", &PortStats::rx_nombuf),
                      required("queues", &PortStats::queues),
                      required("streams", &PortStats::streams)};
  }
  const StreamStats* stream(uint16_t id) const {
    for (const StreamStats& s : streams) {
      if (s.stream == id) return &s;
    }
    return nullptr;
  }
};

struct StatsParams {
  std::optional<uint16_t> port;
  static constexpr auto fields() { return std::tuple{optional("port", &StatsParams::port)}; }
};
struct StatsResult {
  std::vector<PortStats> ports;
  static constexpr auto fields() { return std::tuple{required("ports", &StatsResult::ports)}; }
};

struct WaitRxParams {
  uint16_t port = 0;
  uint64_t count = 0;
  uint32_t timeout_ms = 5000;
  std::optional<uint16_t> queue;      // count that queue's frames only
  std::optional<uint16_t> stream;     // count that stream's distinct test frames only
  std::optional<uint64_t> until_seq;  // with stream: also until its highest sequence >= this
  static constexpr auto fields() {
    return std::tuple{required("port", &WaitRxParams::port),
                      optional("count", &WaitRxParams::count),
                      optional("timeout_ms", &WaitRxParams::timeout_ms),
                      optional("queue", &WaitRxParams::queue),
                      optional("stream", &WaitRxParams::stream),
                      optional("until_seq", &WaitRxParams::until_seq)};
  }
};
struct WaitRxResult {
  uint16_t port = 0;
  uint64_t received = 0;
  uint32_t waited_ms = 0;
  static constexpr auto fields() {
    return std::tuple{required("port", &WaitRxResult::port),
                      required("received", &WaitRxResult::received),
                      required("waited_ms", &WaitRxResult::waited_ms)};
  }
};

struct ResumeRxParams {
  uint16_t port = 0;
  uint32_t timeout_ms = 1000;  // longest wait for an empty poll (traffic may never stop)
  static constexpr auto fields() {
    return std::tuple{required("port", &ResumeRxParams::port),
                      optional("timeout_ms", &ResumeRxParams::timeout_ms)};
  }
};
struct ResumeRxResult {
  bool drained = false;  // a poll found every queue empty: the backlog is in
  uint64_t frames = 0;   // received since the resume
  static constexpr auto fields() {
    return std::tuple{required("drained", &ResumeRxResult::drained),
                      required("frames", &ResumeRxResult::frames)};
  }
};

struct CaptureParams {
  uint16_t port = 0;
  std::string path;
  static constexpr auto fields() {
    return std::tuple{required("port", &CaptureParams::port),
                      required("path", &CaptureParams::path)};
  }
};
struct CapturedFile {
  uint16_t port = 0;
  std::string path;
  uint64_t frames = 0;
  static constexpr auto fields() {
    return std::tuple{required("port", &CapturedFile::port), required("path", &CapturedFile::path),
                      required("frames", &CapturedFile::frames)};
  }
};
struct CaptureStopResult {
  std::vector<CapturedFile> captures;
  static constexpr auto fields() {
    return std::tuple{required("captures", &CaptureStopResult::captures)};
  }
};

struct RecvParams {
  uint16_t port = 0;
  uint32_t max = 64;
  static constexpr auto fields() {
    return std::tuple{required("port", &RecvParams::port), optional("max", &RecvParams::max)};
  }
};
struct RecvResult {
  std::vector<std::string> frames;  // hex, oldest first; returned frames leave the ring
  uint64_t overwritten = 0;         // frames the ring dropped unread since the last recv
  static constexpr auto fields() {
    return std::tuple{required("frames", &RecvResult::frames),
                      required("overwritten", &RecvResult::overwritten)};
  }
};

}  // namespace nfv::traffic::proto
