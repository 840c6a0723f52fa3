// trial: a timed open-loop measurement for the benchmarks (RFC 2544 style). Each
// direction sends TSC-paced, timestamped test frames from its tx port to its rx port
// (crossed MACs, so a learning switch forwards unicast); after an optional warm-up on
// other stream ids, the measured streams run for `duration_s`, then frames still in flight
// get `drain_ms` to arrive. Loss is sent - received per direction, from sequence numbers.
#include <algorithm>
#include <cmath>

#include "commands.h"

namespace nfv::traffic {
namespace {

constexpr uint16_t kTrialStreamBase = 0xFF00;
constexpr uint16_t kWarmupStreamBase = 0xFE00;
constexpr double kMaxTrialSeconds = 3600;

struct Direction {
  uint16_t tx = 0;
  uint16_t rx = 0;
  std::optional<FrameBuilder> warmup;
  std::optional<FrameBuilder> measured;
  std::unique_ptr<TxJob> job;
  uint64_t corrupt_before = 0;
  uint64_t sent = 0;
  uint64_t failed = 0;
};

class TrialTask final : public Task {
 public:
  TrialTask(const Setup& setup, proto::TrialParams params, std::vector<Direction> directions)
      : setup_(setup), params_(std::move(params)), directions_(std::move(directions)) {}

  std::optional<Result<json>> step(DatapathState& state, uint64_t now) override {
    switch (phase_) {
      case Phase::kStart:
        return start(state, now);
      case Phase::kWarmup:
        for (Direction& d : directions_) state.poll(*d.job, now);
        if (now >= phase_end_) start_measuring(state, now);
        return std::nullopt;
      case Phase::kMeasure:
        for (Direction& d : directions_) state.poll(*d.job, now);
        if (now >= phase_end_) stop_sending(state, now);
        return std::nullopt;
      case Phase::kDrain:
        return drain(state, now);
    }
    return std::nullopt;
  }

 private:
  enum class Phase { kStart, kWarmup, kMeasure, kDrain };

  // `seconds` of frames: a paced job stops at the last frame due before the end even if
  // the loop notices the end late; an unpaced one runs until stopped.
  std::unique_ptr<TxJob> make_job(DatapathState& state, const Direction& d,
                                  const FrameBuilder& builder, double seconds, uint64_t now) const {
    uint64_t count = 0;
    if (params_.rate_pps) {
      count = static_cast<uint64_t>(std::ceil(seconds * static_cast<double>(params_.rate_pps)));
    }
    auto job = std::make_unique<TxJob>(state.target(d.tx, params_.queue), builder, 0, count,
                                       params_.rate_pps, setup_.tsc_hz, now);
    if (!params_.retry_full_ring) job->drop_when_full();
    if (params_.max_catch_up) job->limit_catch_up(*params_.max_catch_up);
    return job;
  }

  std::optional<Result<json>> start(DatapathState& state, uint64_t now) {
    if (state.forwarding.active) {
      return Result<json>(make_error("trial: forwarding is active; run forward_stop first"));
    }
    for (Direction& d : directions_) state.ports[d.rx].rx.set_keep_recent(false);
    if (params_.warmup_s > 0) {
      for (Direction& d : directions_) {
        d.job = make_job(state, d, *d.warmup, params_.warmup_s, now);
      }
      phase_ = Phase::kWarmup;
      phase_end_ =
          now + static_cast<uint64_t>(params_.warmup_s * static_cast<double>(setup_.tsc_hz));
    } else {
      start_measuring(state, now);
    }
    return std::nullopt;
  }

  void start_measuring(DatapathState& state, uint64_t now) {
    for (size_t i = 0; i < directions_.size(); ++i) {
      Direction& d = directions_[i];
      if (d.job) d.job->abandon();
      RxAccounting& rx = state.ports[d.rx].rx;
      rx.forget_stream(static_cast<uint16_t>(kTrialStreamBase + i));
      d.corrupt_before = rx.corrupt();
      d.job = make_job(state, d, *d.measured, params_.duration_s, now);
    }
    measure_start_ = now;
    busy_at_start_ = state.busy_cycles;
    phase_ = Phase::kMeasure;
    phase_end_ =
        now + static_cast<uint64_t>(params_.duration_s * static_cast<double>(setup_.tsc_hz));
  }

  void stop_sending(DatapathState& state, uint64_t now) {
    busy_in_measure_ = state.busy_cycles - busy_at_start_;
    for (Direction& d : directions_) {
      d.job->abandon();
      d.sent = d.job->accepted();
      d.failed = d.job->failed();
    }
    measure_end_ = now;
    phase_ = Phase::kDrain;
    phase_end_ = now + setup_.ms_to_tsc(params_.drain_ms);
  }

  std::optional<Result<json>> drain(DatapathState& state, uint64_t now) {
    bool all_in = true;
    for (size_t i = 0; i < directions_.size(); ++i) {
      const StreamRx* s =
          state.ports[directions_[i].rx].rx.stream(static_cast<uint16_t>(kTrialStreamBase + i));
      all_in &= s != nullptr && s->sequence.unique() >= directions_[i].sent;
    }
    if (!all_in && now < phase_end_) return std::nullopt;

    proto::TrialResult result;
    result.rate_pps = params_.rate_pps;
    result.sizes = directions_.front().measured->spec().sizes.describe();
    double seconds = setup_.tsc_to_s(measure_end_ - measure_start_);
    uint64_t all_sent = 0;
    for (const Direction& d : directions_) all_sent += d.sent;
    result.cycles_per_frame =
        all_sent ? static_cast<double>(busy_in_measure_) / static_cast<double>(all_sent) : 0;
    for (size_t i = 0; i < directions_.size(); ++i) {
      const Direction& d = directions_[i];
      RxAccounting& rx = state.ports[d.rx].rx;
      const StreamRx* s = rx.stream(static_cast<uint16_t>(kTrialStreamBase + i));
      proto::TrialDirection out;
      out.tx_port = d.tx;
      out.rx_port = d.rx;
      out.sent = d.sent;
      out.tx_failed = d.failed;
      out.received = s ? s->sequence.unique() : 0;
      out.lost = d.sent > out.received ? d.sent - out.received : 0;
      out.loss_ratio = d.sent ? static_cast<double>(out.lost) / static_cast<double>(d.sent) : 0;
      out.reordered = s ? s->sequence.reordered() : 0;
      out.duplicated = s ? s->sequence.duplicated() : 0;
      out.corrupt = rx.corrupt() - d.corrupt_before;
      out.duration_s = seconds;
      out.tx_rate_pps = seconds > 0 ? static_cast<double>(d.sent) / seconds : 0;
      out.rx_rate_pps = seconds > 0 ? static_cast<double>(out.received) / seconds : 0;
      if (s) out.latency = latency_stats(s->latency_ns);
      result.directions.push_back(out);
    }
    for (Direction& d : directions_) state.ports[d.rx].rx.set_keep_recent(true);
    return reply(result);
  }

  const Setup& setup_;
  proto::TrialParams params_;
  std::vector<Direction> directions_;
  Phase phase_ = Phase::kStart;
  uint64_t phase_end_ = 0;
  uint64_t measure_start_ = 0;
  uint64_t measure_end_ = 0;
  uint64_t busy_at_start_ = 0;
  uint64_t busy_in_measure_ = 0;
};

Result<std::vector<uint16_t>> receivers(const Setup& setup, const proto::TrialParams& params) {
  if (params.rx_ports) {
    if (params.rx_ports->size() != params.tx_ports.size()) {
      return make_error("trial: rx_ports has {} entries, tx_ports {}; give one rx port per tx port",
                        params.rx_ports->size(), params.tx_ports.size());
    }
    return *params.rx_ports;
  }
  if (params.tx_ports.size() == 2)
    return std::vector<uint16_t>{params.tx_ports[1], params.tx_ports[0]};
  if (params.tx_ports.size() == 1 && setup.ports.size() == 2) {
    return std::vector<uint16_t>{static_cast<uint16_t>(1 - params.tx_ports[0])};
  }
  return make_error("trial: cannot tell which port receives; give rx_ports (one per tx port)");
}

}  // namespace

TaskResult trial_task(const Setup& setup, const proto::TrialParams& params) {
  if (params.tx_ports.empty()) return make_error("trial: tx_ports is empty, e.g. [0, 1]");
  if (params.tx_ports.size() > 16) return make_error("trial: at most 16 directions");
  if (!(params.duration_s > 0 && params.duration_s <= kMaxTrialSeconds)) {
    return make_error("trial: duration_s {} is out of range (0, {}]", params.duration_s,
                      kMaxTrialSeconds);
  }
  if (!(params.warmup_s >= 0 && params.warmup_s <= kMaxTrialSeconds)) {
    return make_error("trial: warmup_s {} is out of range [0, {}]", params.warmup_s,
                      kMaxTrialSeconds);
  }
  if (params.frame.src || params.frame.dst || params.frame.stream) {
    return make_error(
        "trial: frame.src, frame.dst and frame.stream are set per direction (the "
        "tx port's MAC, the rx port's MAC, a trial stream id); leave them out");
  }
  for (uint16_t port : params.tx_ports) NFV_TRY(setup.check_queue(port, params.queue));
  auto rx_ports = receivers(setup, params);
  if (!rx_ports) return std::move(rx_ports).error();
  std::vector<Direction> directions;
  for (size_t i = 0; i < params.tx_ports.size(); ++i) {
    Direction d;
    d.tx = params.tx_ports[i];
    d.rx = (*rx_ports)[i];
    NFV_TRY(setup.check_port(d.rx));
    proto::FrameParams frame = params.frame;
    frame.timestamp = true;
    if (params.flows) frame.flows = params.flows;
    frame.stream = static_cast<uint16_t>(kTrialStreamBase + i);
    auto measured = setup.builder(d.tx, frame, setup.ports[d.rx].mac);
    if (!measured) return std::move(measured).error();
    d.measured.emplace(std::move(measured).value());
    frame.stream = static_cast<uint16_t>(kWarmupStreamBase + i);
    FrameSpec warmup = d.measured->spec();
    warmup.stream = *frame.stream;
    warmup.flags |= kFlagWarmup;
    auto warm = FrameBuilder::create(warmup);
    if (!warm) return std::move(warm).error();
    d.warmup.emplace(std::move(warm).value());
    directions.push_back(std::move(d));
  }
  return std::unique_ptr<Task>(std::make_unique<TrialTask>(setup, params, std::move(directions)));
}

}  // namespace nfv::traffic
