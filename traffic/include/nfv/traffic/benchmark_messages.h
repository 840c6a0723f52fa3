// nfv-traffic's benchmark commands (trial: open loop; forward, seed, forward_stop: closed
// loop): their parameters and results, each listing its wire fields once (see protocol.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/traffic/frame_params.h"
#include "nfv/traffic/receive_messages.h"

namespace nfv::traffic::proto {

using nfv::api::optional;
using nfv::api::required;

struct TrialParams {
  std::vector<uint16_t> tx_ports;
  std::optional<std::vector<uint16_t>> rx_ports;  // default: the other port of a pair
  uint64_t rate_pps = 0;                          // per direction; 0: as fast as possible
  double duration_s = 1;
  double warmup_s = 0;
  uint32_t drain_ms = 500;  // how long to wait for frames still in flight
  uint16_t queue = 0;
  std::optional<uint32_t> flows;
  // false: frames a full tx ring refuses are dropped (tx_failed), as a guest's stack drops
  // on a full queue, instead of retried
  bool retry_full_ring = true;
  // A paced sender that fell behind (its CPU taken) sends at most this many frames at once to
  // catch up, and skips the rest; unset: 10 ms of frames. A small value makes a sender whose
  // own lapses never overflow the ring it sends into.
  std::optional<uint32_t> max_catch_up;
  FrameParams frame;  // src/dst/stream are set per direction
  static constexpr auto fields() {
    return std::tuple{required("tx_ports", &TrialParams::tx_ports),
                      optional("rx_ports", &TrialParams::rx_ports),
                      required("rate_pps", &TrialParams::rate_pps),
                      required("duration_s", &TrialParams::duration_s),
                      optional("warmup_s", &TrialParams::warmup_s),
                      optional("drain_ms", &TrialParams::drain_ms),
                      optional("queue", &TrialParams::queue),
                      optional("flows", &TrialParams::flows),
                      optional("retry_full_ring", &TrialParams::retry_full_ring),
                      optional("max_catch_up", &TrialParams::max_catch_up),
                      optional("frame", &TrialParams::frame)};
  }
};
struct TrialDirection {
  uint16_t tx_port = 0;
  uint16_t rx_port = 0;
  uint64_t sent = 0;
  uint64_t tx_failed = 0;
  uint64_t received = 0;  // distinct frames of this direction
  uint64_t lost = 0;      // sent - received
  double loss_ratio = 0;
  uint64_t reordered = 0;
  uint64_t duplicated = 0;
  uint64_t corrupt = 0;
  double tx_rate_pps = 0;  // achieved
  double rx_rate_pps = 0;
  double duration_s = 0;
  LatencyStats latency;
  static constexpr auto fields() {
    return std::tuple{required("tx_port", &TrialDirection::tx_port),
                      required("rx_port", &TrialDirection::rx_port),
                      required("sent", &TrialDirection::sent),
                      required("tx_failed", &TrialDirection::tx_failed),
                      required("received", &TrialDirection::received),
                      required("lost", &TrialDirection::lost),
                      required("loss_ratio", &TrialDirection::loss_ratio),
                      required("reordered", &TrialDirection::reordered),
                      required("duplicated", &TrialDirection::duplicated),
                      required("corrupt", &TrialDirection::corrupt),
                      required("tx_rate_pps", &TrialDirection::tx_rate_pps),
                      required("rx_rate_pps", &TrialDirection::rx_rate_pps),
                      required("duration_s", &TrialDirection::duration_s),
                      required("latency", &TrialDirection::latency)};
  }
};
struct TrialResult {
  uint64_t rate_pps = 0;
  std::string sizes;
  std::vector<TrialDirection> directions;
  // nfv-traffic's busy TSC cycles during the measurement per frame sent (each frame is
  // also received by this process): high means the generator, not the switch, is the limit.
  double cycles_per_frame = 0;
  static constexpr auto fields() {
    return std::tuple{required("rate_pps", &TrialResult::rate_pps),
                      required("sizes", &TrialResult::sizes),
                      required("directions", &TrialResult::directions),
                      required("cycles_per_frame", &TrialResult::cycles_per_frame)};
  }
};

struct ForwardParams {
  std::vector<std::vector<uint16_t>> pairs;  // [[rx_port, tx_port], ...]
  std::optional<std::string> mode;           // "io" (default): frames unchanged; "mac"
  // "mac" mode only: the rewritten MACs cycle through this many flows per port (src = the tx
  // port's MAC + i, dst = the rx port's MAC + i, i in a scrambled order), so the switch looks
  // up that many learned MACs per port instead of one.
  std::optional<uint32_t> flows;
  static constexpr auto fields() {
    return std::tuple{required("pairs", &ForwardParams::pairs),
                      optional("mode", &ForwardParams::mode),
                      optional("flows", &ForwardParams::flows)};
  }
};
struct SeedParams {
  uint16_t port = 0;
  uint16_t queue = 0;
  uint32_t bursts = 8;  // of 32 frames
  std::optional<FrameParams> frame;
  static constexpr auto fields() {
    return std::tuple{required("port", &SeedParams::port), optional("queue", &SeedParams::queue),
                      optional("bursts", &SeedParams::bursts),
                      optional("frame", &SeedParams::frame)};
  }
};
struct ForwardPairStats {
  uint16_t rx_port = 0;
  uint16_t tx_port = 0;
  uint64_t packets = 0;
  uint64_t bytes = 0;
  static constexpr auto fields() {
    return std::tuple{required("rx_port", &ForwardPairStats::rx_port),
                      required("tx_port", &ForwardPairStats::tx_port),
                      required("packets", &ForwardPairStats::packets),
                      required("bytes", &ForwardPairStats::bytes)};
  }
};
struct ForwardStopResult {
  std::vector<ForwardPairStats> pairs;
  uint64_t packets = 0;
  double elapsed_s = 0;  // since forward started or the last clear
  double pps = 0;
  double cycles_per_packet = 0;  // busy TSC cycles per forwarded packet (testpmd's measure)
  static constexpr auto fields() {
    return std::tuple{required("pairs", &ForwardStopResult::pairs),
                      required("packets", &ForwardStopResult::packets),
                      required("elapsed_s", &ForwardStopResult::elapsed_s),
                      required("pps", &ForwardStopResult::pps),
                      required("cycles_per_packet", &ForwardStopResult::cycles_per_packet)};
  }
};

}  // namespace nfv::traffic::proto
