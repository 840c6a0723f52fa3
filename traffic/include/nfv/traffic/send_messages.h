// nfv-traffic's sending commands (send, send_hex, stream_start, stream_stop, seed's result):
// their parameters and results, each listing its wire fields once (see protocol.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/traffic/frame_params.h"

namespace nfv::traffic::proto {

using nfv::api::required;

struct SendParams {
  uint16_t port = 0;
  uint16_t queue = 0;
  uint64_t count = 1;
  FrameParams frame;
  uint64_t rate_pps = 0;              // 0: as fast as the ring takes them
  std::optional<uint64_t> first_seq;  // default: where the stream's last send stopped
  uint32_t timeout_ms = 10000;        // give up on a full ring after this long
  static constexpr auto fields() {
    return std::tuple{required("port", &SendParams::port),
                      optional("queue", &SendParams::queue),
                      required("count", &SendParams::count),
                      optional("frame", &SendParams::frame),
                      optional("rate_pps", &SendParams::rate_pps),
                      optional("first_seq", &SendParams::first_seq),
                      optional("timeout_ms", &SendParams::timeout_ms)};
  }
};
struct SendResult {
  uint64_t sent = 0;
  uint64_t failed = 0;  // not accepted by the ring before the deadline
  uint64_t first_seq = 0;
  uint64_t next_seq = 0;
  double duration_s = 0;
  static constexpr auto fields() {
    return std::tuple{required("sent", &SendResult::sent), required("failed", &SendResult::failed),
                      required("first_seq", &SendResult::first_seq),
                      required("next_seq", &SendResult::next_seq),
                      required("duration_s", &SendResult::duration_s)};
  }
};

struct SendHexParams {
  uint16_t port = 0;
  uint16_t queue = 0;
  std::vector<std::string> frames;
  uint32_t timeout_ms = 10000;
  static constexpr auto fields() {
    return std::tuple{required("port", &SendHexParams::port),
                      optional("queue", &SendHexParams::queue),
                      required("frames", &SendHexParams::frames),
                      optional("timeout_ms", &SendHexParams::timeout_ms)};
  }
};

struct StreamStartParams {
  uint16_t port = 0;
  uint16_t queue = 0;
  uint16_t stream = 0;  // the handle, and the stream id in the frames
  uint64_t rate_pps = 1000;
  uint64_t count = 0;  // 0: until stream_stop
  FrameParams frame;
  static constexpr auto fields() {
    return std::tuple{required("port", &StreamStartParams::port),
                      optional("queue", &StreamStartParams::queue),
                      required("stream", &StreamStartParams::stream),
                      required("rate_pps", &StreamStartParams::rate_pps),
                      optional("count", &StreamStartParams::count),
                      optional("frame", &StreamStartParams::frame)};
  }
};
struct StreamStartResult {
  uint16_t stream = 0;
  uint64_t first_seq = 0;
  static constexpr auto fields() {
    return std::tuple{required("stream", &StreamStartResult::stream),
                      required("first_seq", &StreamStartResult::first_seq)};
  }
};
struct StreamStopParams {
  uint16_t stream = 0;
  static constexpr auto fields() {
    return std::tuple{required("stream", &StreamStopParams::stream)};
  }
};
struct StreamStopResult {
  uint16_t stream = 0;
  uint64_t sent = 0;
  uint64_t failed = 0;
  uint64_t next_seq = 0;
  static constexpr auto fields() {
    return std::tuple{required("stream", &StreamStopResult::stream),
                      required("sent", &StreamStopResult::sent),
                      required("failed", &StreamStopResult::failed),
                      required("next_seq", &StreamStopResult::next_seq)};
  }
};

}  // namespace nfv::traffic::proto
