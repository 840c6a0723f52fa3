#include "nfv/nfvd/nfvd_telemetry.h"

#include "method_errors.h"
#include "nfv/api/switch_client.h"
#include "nfv/common/log.h"
#include "nfv/nfvd/state_store.h"
#include "nfv/nfvd/switch_telemetry_source.h"
#include "nfv/telemetry/prometheus.h"

namespace nfv::nfvd {

void TelemetryGuests::set(const reconcile::GuestStates& guests) {
  std::lock_guard lock(mutex_);
  guests_ = guests;
}

reconcile::GuestStates TelemetryGuests::get() const {
  std::lock_guard lock(mutex_);
  return guests_;
}

NfvdTelemetry::NfvdTelemetry(TelemetryOptions options)
    : options_(std::move(options)), guests_(std::make_shared<TelemetryGuests>()) {}

NfvdTelemetry::~NfvdTelemetry() {
  if (metrics_) metrics_->stop();
  if (sampler_) sampler_->stop();
}

Result<std::unique_ptr<NfvdTelemetry>> NfvdTelemetry::start(TelemetryOptions options) {
  std::unique_ptr<NfvdTelemetry> t(new NfvdTelemetry(std::move(options)));
  telemetry::SamplerSettings settings;
  settings.interval = t->options_.interval;
  settings.history_s = t->options_.history_s;
  t->sampler_ = std::make_unique<telemetry::Sampler>(
      std::make_unique<SwitchTelemetrySource>(t->options_, t->guests_), settings);
  if (t->options_.metrics) {
    auto* self = t.get();
    auto server =
        telemetry::MetricsServer::start(t->options_.metrics_address, t->options_.metrics_port,
                                        [self] { return self->metrics_page(); });
    // The host matters more than its metrics: nfvd runs on without the endpoint, loudly.
    if (server) {
      t->metrics_ = std::move(*server);
      log::info("metrics: http://{}:{}/metrics", t->options_.metrics_address, t->metrics_->port());
    } else {
      log::error("{}; nfvd runs without a Prometheus endpoint until it is restarted",
                 server.error().message);
    }
  }
  auto* self = t.get();
  t->sampler_->on_sample([self](const api::TelemetrySample& s) { self->log_verdicts(s); });
  t->sampler_->start();
  return t;
}

void NfvdTelemetry::log_verdicts(const api::TelemetrySample& sample) {
  if (sample.interval_s <= 0) return;
  std::map<std::string, std::string> now;  // ports that went away are forgotten
  for (const auto& port : sample.ports) {
    auto it = verdicts_.find(port.name);
    std::string last = it == verdicts_.end() ? api::kVerdictNone : it->second;
    now[port.name] = port.verdict;
    if (port.verdict == last) continue;
    if (port.verdict == api::kVerdictNone) {
      log::info("port {}: no more loss ({} before)", port.name, last);
    } else {
      log::warning("port {}: {}: {}", port.name, port.verdict, port.verdict_text);
    }
  }
  verdicts_ = std::move(now);
}

api::TelemetryHistory NfvdTelemetry::history(uint32_t seconds) const {
  return sampler_->history(seconds);
}

std::string NfvdTelemetry::metrics_page() const {
  auto newest = sampler_->newest();
  api::TelemetrySample sample;
  if (newest) sample = std::move(*newest);
  return telemetry::render_prometheus(sample, {NFV_VERSION});
}

uint16_t NfvdTelemetry::metrics_port() const { return metrics_ ? metrics_->port() : 0; }

Result<api::StatsResult> NfvdTelemetry::read_counters() const {
  auto client = api::SwitchClient::connect(options_.switch_socket, "nfvd", std::chrono::seconds(2));
  if (!client) {
    return make_error("the switch at {} cannot be read: {}", options_.switch_socket,
                      client.error().message);
  }
  return client->call(api::kStatsGet, api::StatsParams{});
}

Result<api::TrialStartResult> NfvdTelemetry::trial_start(const api::TrialStartParams& params) {
  auto counters = read_counters();
  if (!counters) return failed(counters.error().message);
  auto name = trials_.start(params.name, std::move(*counters));
  if (!name) return invalid_params(name.error().message);
  return api::TrialStartResult{*name, utc_now()};
}

Result<api::TrialResult> NfvdTelemetry::trial_stop(const api::TrialStopParams& params) {
  auto counters = read_counters();
  if (!counters) return failed(counters.error().message);
  auto result = trials_.stop(params.trial, *counters);
  if (!result) return invalid_params(result.error().message);
  return result;
}

void register_telemetry_methods(rpc::Dispatcher& d, NfvdTelemetry& telemetry) {
  d.add(api::kNfvdTelemetry,
        [&telemetry](const api::TelemetryParams& p) -> Result<api::TelemetryHistory> {
          return telemetry.history(p.seconds);
        });
  d.add(api::kNfvdTrialStart,
        [&telemetry](const api::TrialStartParams& p) { return telemetry.trial_start(p); });
  d.add(api::kNfvdTrialStop,
        [&telemetry](const api::TrialStopParams& p) { return telemetry.trial_stop(p); });
}

}  // namespace nfv::nfvd
