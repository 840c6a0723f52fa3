// Commands that transmit: send (generated frames), send_hex (crafted frames), and
// stream_start / stream_stop (paced background traffic).
#include <algorithm>

#include "commands.h"
#include "nfv/traffic/hex.h"

namespace nfv::traffic {
namespace {

Status check_not_streaming(const DatapathState& state, uint16_t stream) {
  if (state.streams.count(stream)) {
    return make_error(
        "stream {} is running in the background; stream_stop it first or use "
        "another frame.stream",
        stream);
  }
  return {};
}

// Sends everything `job` has (or until `deadline`) and replies with a SendResult.
std::optional<Result<json>> finish_when_done(const Setup& setup, DatapathState& state, TxJob& job,
                                             uint64_t count, uint64_t deadline, uint64_t now) {
  state.poll(job, now);
  if (!job.finished() && now < deadline) return std::nullopt;
  job.abandon();
  proto::SendResult result;
  result.sent = job.accepted();
  result.failed = count - job.accepted();
  result.first_seq = job.first_seq();
  result.next_seq = job.next_seq();
  result.duration_s = setup.tsc_to_s(now - job.start_tsc());
  return reply(result);
}

}  // namespace

TaskResult send_task(const Setup& setup, const proto::SendParams& params) {
  NFV_TRY(setup.check_queue(params.port, params.queue));
  if (params.count == 0) return make_error("send: count must be at least 1");
  auto builder = setup.builder(params.port, params.frame, kBroadcastMac);
  if (!builder) return std::move(builder).error();
  uint16_t stream = builder->spec().stream;
  // Pacing time does not eat into the timeout, which is for a ring that stays full.
  uint64_t pacing_ms = params.rate_pps ? params.count * 1000 / params.rate_pps : 0;
  uint64_t budget = setup.ms_to_tsc(params.timeout_ms + pacing_ms);
  return make_task([&setup, params, stream, budget, builder = std::move(builder).value(),
                    job = std::unique_ptr<TxJob>(), deadline = uint64_t{0}](
                       DatapathState& state, uint64_t now) mutable -> std::optional<Result<json>> {
    if (!job) {
      Status free = check_not_streaming(state, stream);
      if (!free) return Result<json>(std::move(free).error());
      uint64_t first = params.first_seq.value_or(state.next_seq[stream]);
      job = std::make_unique<TxJob>(state.target(params.port, params.queue), std::move(builder),
                                    first, params.count, params.rate_pps, setup.tsc_hz, now);
      deadline = now + budget;
    }
    auto done = finish_when_done(setup, state, *job, params.count, deadline, now);
    if (done) state.next_seq[stream] = job->next_seq();
    return done;
  });
}

TaskResult send_hex_task(const Setup& setup, const proto::SendHexParams& params) {
  NFV_TRY(setup.check_queue(params.port, params.queue));
  if (params.frames.empty()) return make_error("send_hex: frames is empty");
  std::vector<std::vector<uint8_t>> frames;
  for (size_t i = 0; i < params.frames.size(); ++i) {
    auto bytes = from_hex(params.frames[i]);
    if (!bytes) return make_error("send_hex frames[{}]: {}", i, bytes.error().message);
    if (bytes->empty() || bytes->size() > setup.max_frame_size) {
      return make_error("send_hex frames[{}]: {} bytes; a frame has 1 to {} bytes", i,
                        bytes->size(), setup.max_frame_size);
    }
    frames.push_back(std::move(bytes).value());
  }
  uint64_t count = frames.size();
  uint64_t budget = setup.ms_to_tsc(params.timeout_ms);
  return make_task([&setup, params, count, budget, frames = std::move(frames),
                    job = std::unique_ptr<TxJob>(), deadline = uint64_t{0}](
                       DatapathState& state, uint64_t now) mutable -> std::optional<Result<json>> {
    if (!job) {
      job =
          std::make_unique<TxJob>(state.target(params.port, params.queue), std::move(frames), now);
      deadline = now + budget;
    }
    return finish_when_done(setup, state, *job, count, deadline, now);
  });
}

TaskResult stream_start_task(const Setup& setup, const proto::StreamStartParams& params) {
  NFV_TRY(setup.check_queue(params.port, params.queue));
  if (params.frame.stream && *params.frame.stream != params.stream) {
    return make_error("stream_start: frame.stream {} differs from stream {}; give only stream",
                      *params.frame.stream, params.stream);
  }
  proto::FrameParams frame = params.frame;
  frame.stream = params.stream;
  auto builder = setup.builder(params.port, frame, kBroadcastMac);
  if (!builder) return std::move(builder).error();
  return make_task([&setup, params, builder = std::move(builder).value()](
                       DatapathState& state, uint64_t now) mutable -> std::optional<Result<json>> {
    Status free = check_not_streaming(state, params.stream);
    if (!free) return Result<json>(std::move(free).error());
    uint64_t first = state.next_seq[params.stream];
    auto job = std::make_unique<TxJob>(state.target(params.port, params.queue), std::move(builder),
                                       first, params.count, params.rate_pps, setup.tsc_hz, now);
    state.streams[params.stream] = BackgroundStream{params.port, std::move(job)};
    return reply(proto::StreamStartResult{params.stream, first});
  });
}

TaskResult stream_stop_task(const Setup&, const proto::StreamStopParams& params) {
  return make_task([params](DatapathState& state, uint64_t) -> std::optional<Result<json>> {
    auto it = state.streams.find(params.stream);
    if (it == state.streams.end()) {
      std::vector<std::string> running;
      for (const auto& [id, stream] : state.streams) running.push_back(std::to_string(id));
      return Result<json>(make_error("stream {} is not running (running: {})", params.stream,
                                     running.empty() ? "none" : join(running, ", ")));
    }
    TxJob& job = *it->second.job;
    job.abandon();
    proto::StreamStopResult result{params.stream, job.accepted(), job.failed(), job.next_seq()};
    state.next_seq[params.stream] = job.next_seq();
    state.streams.erase(it);
    return reply(result);
  });
}

}  // namespace nfv::traffic
