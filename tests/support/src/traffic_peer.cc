#include "nfv/testing/traffic_peer.h"

#include <fmt/format.h>

#include "nfv/testing/test_binaries.h"
#include "nfv/traffic/hex.h"

namespace nfv::testing {
namespace {

using std::chrono::milliseconds;

// Time a command may take beyond what its own parameters ask for (a busy 2-CPU machine).
constexpr milliseconds kSlack = 15s;

milliseconds seconds(double s) { return milliseconds(static_cast<int64_t>(s * 1000)); }

}  // namespace

Result<TrafficPeer> TrafficPeer::start(const TestDir& dir, TrafficPeerOptions options) {
  if (options.ports.empty()) return make_error("TrafficPeer {}: no ports", options.name);
  auto binary = test_binary_path("nfv-traffic");
  if (!binary) return std::move(binary).error();
  std::string prefix = unique_file_prefix("nfvt-" + options.name);
  SubprocessOptions process;
  process.argv = {*binary, "--no-huge", "--file-prefix",
                  prefix,  "--memory",  std::to_string(options.memory_mb)};
  for (const traffic::PortOption& port : options.ports) {
    process.argv.insert(process.argv.end(), {"--port", traffic::format_port_option(port)});
  }
  process.argv.insert(process.argv.end(), options.extra_args.begin(), options.extra_args.end());
  process.log_path = dir.file(options.name + ".log");
  auto started = Subprocess::start(std::move(process));
  if (!started) return std::move(started).error();
  TrafficPeer peer(std::move(options), prefix, std::move(started).value());
  if (peer.options_.wait_ready) {
    auto ready = peer.call(proto::kPorts, api::Empty{}, peer.options_.start_timeout);
    if (!ready) return std::move(ready).error();
  }
  return peer;
}

TrafficPeer::~TrafficPeer() {
  if (process_.pid() <= 0) return;
  if (!quit_ && process_.running()) (void)quit(10s);
  if (process_.running()) process_.terminate(5s);
  remove_dpdk_runtime_dir(file_prefix_);  // only left behind if it did not exit cleanly
}

Error TrafficPeer::failure(std::string_view what, const std::string& message) const {
  return make_error("nfv-traffic peer '{}' ({}): {}: {}\n--- last lines of {} ---\n{}",
                    options_.name, process_.describe(), what, message, process_.log_path(),
                    process_.log_tail());
}

Result<proto::json> TrafficPeer::call_raw(const std::string& line, std::string_view what,
                                          milliseconds timeout) {
  Status written = process_.write_line(line);
  if (!written) return failure(what, written.error().message);
  auto reply = process_.read_line(Clock::now() + timeout);
  if (!reply) {
    return failure(
        what, fmt::format("no reply within {} ms: {}", timeout.count(), reply.error().message));
  }
  auto parsed = proto::parse_reply_line(*reply);
  if (!parsed) return failure(what, parsed.error().message);
  return parsed;
}

Result<proto::PortsResult> TrafficPeer::ports() { return call(proto::kPorts, api::Empty{}); }

Result<proto::WaitLinkResult> TrafficPeer::wait_link(uint16_t port, milliseconds timeout) {
  proto::WaitLinkParams params{port, static_cast<uint32_t>(timeout.count())};
  return call(proto::kWaitLink, params, timeout + kSlack);
}

Result<proto::SendResult> TrafficPeer::send(const proto::SendParams& params) {
  milliseconds pacing = params.rate_pps ? milliseconds(params.count * 1000 / params.rate_pps) : 0ms;
  return call(proto::kSend, params, milliseconds(params.timeout_ms) + pacing + kSlack);
}

Result<proto::SendResult> TrafficPeer::send(uint16_t port, const traffic::FrameSpec& spec,
                                            uint64_t count, uint16_t queue) {
  proto::SendParams params;
  params.port = port;
  params.queue = queue;
  params.count = count;
  params.frame = proto::to_frame_params(spec);
  return send(params);
}

Result<proto::SendResult> TrafficPeer::send_hex(uint16_t port,
                                                const std::vector<std::vector<uint8_t>>& frames,
                                                uint16_t queue) {
  proto::SendHexParams params;
  params.port = port;
  params.queue = queue;
  for (const auto& frame : frames) params.frames.push_back(traffic::to_hex(frame));
  return call(proto::kSendHex, params, milliseconds(params.timeout_ms) + kSlack);
}

Result<proto::StreamStartResult> TrafficPeer::stream_start(const proto::StreamStartParams& params) {
  return call(proto::kStreamStart, params);
}

Result<proto::StreamStopResult> TrafficPeer::stream_stop(uint16_t stream) {
  return call(proto::kStreamStop, proto::StreamStopParams{stream});
}

Result<proto::StatsResult> TrafficPeer::stats() {
  return call(proto::kStats, proto::StatsParams{});
}

Result<proto::PortStats> TrafficPeer::port_stats(uint16_t port) {
  auto stats = call(proto::kStats, proto::StatsParams{port});
  if (!stats) return std::move(stats).error();
  if (stats->ports.size() != 1) {
    return failure("stats",
                   fmt::format("asked for port {}, got {} ports", port, stats->ports.size()));
  }
  return stats->ports.front();
}

Result<proto::WaitRxResult> TrafficPeer::wait_rx(const proto::WaitRxParams& params) {
  return call(proto::kWaitRx, params, milliseconds(params.timeout_ms) + kSlack);
}

Result<proto::WaitRxResult> TrafficPeer::wait_rx(uint16_t port, uint64_t count,
                                                 milliseconds timeout) {
  proto::WaitRxParams params;
  params.port = port;
  params.count = count;
  params.timeout_ms = static_cast<uint32_t>(timeout.count());
  return wait_rx(params);
}

Status TrafficPeer::capture(uint16_t port, const std::string& path) {
  auto done = call(proto::kCapture, proto::CaptureParams{port, path});
  if (!done) return std::move(done).error();
  return {};
}

Result<proto::CaptureStopResult> TrafficPeer::capture_stop(std::optional<uint16_t> port) {
  return call(proto::kCaptureStop, proto::StatsParams{port});
}

Result<std::vector<std::vector<uint8_t>>> TrafficPeer::recv(uint16_t port, uint32_t max) {
  auto result = call(proto::kRecv, proto::RecvParams{port, max});
  if (!result) return std::move(result).error();
  std::vector<std::vector<uint8_t>> frames;
  for (const std::string& hex : result->frames) {
    auto bytes = traffic::from_hex(hex);
    if (!bytes) return failure("recv", bytes.error().message);
    frames.push_back(std::move(bytes).value());
  }
  return frames;
}

namespace {
template <typename R>
Status status_of(Result<R> result) {
  if (!result) return std::move(result).error();
  return {};
}
}  // namespace

Status TrafficPeer::pause_rx(uint16_t port) {
  return status_of(call(proto::kPauseRx, proto::PortParams{port}));
}

Result<proto::ResumeRxResult> TrafficPeer::resume_rx(uint16_t port) {
  return call(proto::kResumeRx, proto::ResumeRxParams{port, 1000});
}

Status TrafficPeer::clear() { return status_of(call(proto::kClear, api::Empty{})); }

Result<proto::TrialResult> TrafficPeer::trial(const proto::TrialParams& params) {
  milliseconds expected =
      seconds(params.duration_s + params.warmup_s) + milliseconds(params.drain_ms);
  return call(proto::kTrial, params, expected + kSlack);
}

Status TrafficPeer::forward(const proto::ForwardParams& params) {
  return status_of(call(proto::kForward, params));
}

Result<proto::SendResult> TrafficPeer::seed(const proto::SeedParams& params) {
  return call(proto::kSeed, params);
}

Result<proto::ForwardStopResult> TrafficPeer::forward_stop() {
  return call(proto::kForwardStop, api::Empty{});
}

Result<ExitStatus> TrafficPeer::quit(milliseconds timeout) {
  quit_ = true;
  auto deadline = Clock::now() + timeout;
  auto reply = call(proto::kQuit, api::Empty{}, timeout);
  auto status = process_.wait(deadline);
  if (!reply) return std::move(reply).error();
  if (!status) return failure("quit", status.error().message);
  return *status;
}

}  // namespace nfv::testing
