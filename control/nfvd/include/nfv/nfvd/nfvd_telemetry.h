// nfvd's telemetry: the sampler over the switch, the guests' peers and VFs; the nfvd.telemetry
// and nfvd.trial.* methods; the Prometheus /metrics page. The sampler runs on its own thread
// with its own switch connection; trial windows read the switch on the caller's thread.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "nfv/api/telemetry_api.h"
#include "nfv/common/result.h"
#include "nfv/reconcile/guest_state.h"
#include "nfv/rpc/dispatcher.h"
#include "nfv/telemetry/metrics_server.h"
#include "nfv/telemetry/sampler.h"
#include "nfv/telemetry/trials.h"

namespace nfv::nfvd {

struct TelemetryOptions {
  std::string switch_socket;
  std::chrono::milliseconds interval{1000};
  uint32_t history_s = 300;
  bool metrics = true;
  std::string metrics_address = telemetry::kDefaultMetricsAddress;
  uint16_t metrics_port = telemetry::kDefaultMetricsPort;  // 0: any free port
  std::string proc_root = "/proc";
  std::string sysfs_root = "/sys";
  // Whether each guest runs, by name, as the guest manager last saw it (any thread may call it).
  std::function<std::map<std::string, bool>()> guests_running;
};

// The guests of the config last applied, as the sampler needs them; shared between the service
// (which sets them after each apply) and the sampling thread.
class TelemetryGuests {
 public:
  void set(const reconcile::GuestStates& guests);
  reconcile::GuestStates get() const;

 private:
  mutable std::mutex mutex_;
  reconcile::GuestStates guests_;
};

class NfvdTelemetry {
 public:
  // Starts the sampler and, unless disabled, the /metrics server (an address in use is logged
  // as an error naming it and the fix; nfvd runs on without the endpoint).
  static Result<std::unique_ptr<NfvdTelemetry>> start(TelemetryOptions options);
  ~NfvdTelemetry();

  void set_guests(const reconcile::GuestStates& guests) { guests_->set(guests); }
  api::TelemetryHistory history(uint32_t seconds) const;
  Result<api::TrialStartResult> trial_start(const api::TrialStartParams& params);
  Result<api::TrialResult> trial_stop(const api::TrialStopParams& params);
  std::string metrics_page() const;
  uint16_t metrics_port() const;  // 0: no metrics server

 private:
  explicit NfvdTelemetry(TelemetryOptions options);
  Result<api::StatsResult> read_counters() const;
  // Logs a port's verdict when it changes (the sampling thread's callback).
  void log_verdicts(const api::TelemetrySample& sample);

  TelemetryOptions options_;
  std::shared_ptr<TelemetryGuests> guests_;
  std::unique_ptr<telemetry::Sampler> sampler_;
  std::unique_ptr<telemetry::MetricsServer> metrics_;
  telemetry::Trials trials_;                     // server thread only
  std::map<std::string, std::string> verdicts_;  // by port; the sampling thread only
};

void register_telemetry_methods(rpc::Dispatcher& dispatcher, NfvdTelemetry& telemetry);

}  // namespace nfv::nfvd
