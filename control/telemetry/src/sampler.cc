#include "nfv/telemetry/sampler.h"

#include "nfv/telemetry/derive.h"

namespace nfv::telemetry {

Sampler::Sampler(std::unique_ptr<SampleSource> source, SamplerSettings settings)
    : source_(std::move(source)), settings_(settings), history_(settings.history_s) {}

Sampler::~Sampler() { stop(); }

void Sampler::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void Sampler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Sampler::sample_once() {
  RawSample raw = source_->read();
  std::function<void(const api::TelemetrySample&)> callback;
  api::TelemetrySample sample;
  {
    std::lock_guard lock(mutex_);
    sample = derive_sample(previous_ ? &*previous_ : nullptr, raw, history_.newest(),
                           settings_.thresholds);
    history_.add(sample);
    callback = on_sample_;
  }
  // A switch that did not answer leaves the last answer as the baseline of the next rates.
  if (!raw.switch_up && previous_ && previous_->switch_up) {
    raw.switch_up = true;
    raw.switch_time_s = previous_->switch_time();
    raw.stats = std::move(previous_->stats);
    raw.ports = std::move(previous_->ports);
    raw.pmds = std::move(previous_->pmds);
    raw.bridges = std::move(previous_->bridges);
    raw.peers = std::move(previous_->peers);
    raw.pmd_wait_ns = std::move(previous_->pmd_wait_ns);
  }
  previous_ = std::move(raw);
  if (callback) callback(sample);
}

void Sampler::run() {
  auto next = std::chrono::steady_clock::now();
  while (true) {
    sample_once();
    // Fixed-rate: a slow read does not shift later samples; a very slow one skips ahead.
    next += settings_.interval;
    auto now = std::chrono::steady_clock::now();
    if (next < now) next = now;
    std::unique_lock lock(mutex_);
    if (wake_.wait_until(lock, next, [this] { return stopping_; })) return;
  }
}

api::TelemetryHistory Sampler::history(uint32_t seconds) const {
  std::lock_guard lock(mutex_);
  api::TelemetryHistory out;
  out.interval_s = std::chrono::duration<double>(settings_.interval).count();
  out.history_s = settings_.history_s;
  out.samples = history_.last(seconds);
  return out;
}

std::optional<api::TelemetrySample> Sampler::newest() const {
  std::lock_guard lock(mutex_);
  if (const auto* sample = history_.newest()) return *sample;
  return std::nullopt;
}

void Sampler::on_sample(std::function<void(const api::TelemetrySample&)> callback) {
  std::lock_guard lock(mutex_);
  on_sample_ = std::move(callback);
}

}  // namespace nfv::telemetry
