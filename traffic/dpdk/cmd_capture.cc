// Commands that hand received frames to the test: capture / capture_stop (pcap files)
// and recv (the most recent frames, as hex).
#include "commands.h"
#include "nfv/traffic/hex.h"

namespace nfv::traffic {

TaskResult capture_task(const Setup& setup, const proto::CaptureParams& params) {
  NFV_TRY(setup.check_port(params.port));
  if (params.path.empty()) return make_error("capture: path is empty; give a .pcap file path");
  return make_task([params](DatapathState& state, uint64_t) -> std::optional<Result<json>> {
    Status started = state.ports[params.port].rx.start_capture(params.path);
    if (!started) {
      return Result<json>(make_error("port {}: {}", params.port, started.error().message));
    }
    return reply(api::Empty{});
  });
}

TaskResult capture_stop_task(const Setup& setup, const proto::StatsParams& params) {
  if (params.port) NFV_TRY(setup.check_port(*params.port));
  return make_task([params](DatapathState& state, uint64_t) -> std::optional<Result<json>> {
    proto::CaptureStopResult result;
    for (uint16_t i = 0; i < state.ports.size(); ++i) {
      bool chosen = params.port ? *params.port == i : state.ports[i].rx.capturing();
      if (!chosen) continue;
      auto done = state.ports[i].rx.stop_capture();
      if (!done) return Result<json>(make_error("port {}: {}", i, done.error().message));
      result.captures.push_back({i, done->first, done->second});
    }
    return reply(result);
  });
}

TaskResult recv_task(const Setup& setup, const proto::RecvParams& params) {
  NFV_TRY(setup.check_port(params.port));
  return make_task([params](DatapathState& state, uint64_t) -> std::optional<Result<json>> {
    RxAccounting& rx = state.ports[params.port].rx;
    proto::RecvResult result;
    for (const auto& frame : rx.take_recent(params.max)) result.frames.push_back(to_hex(frame));
    result.overwritten = rx.take_overwritten();
    return reply(result);
  });
}

}  // namespace nfv::traffic
