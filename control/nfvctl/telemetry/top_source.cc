#include "telemetry/top_source.h"

#include <chrono>
#include <optional>
#include <thread>

#include "nfv/api/switch_client.h"
#include "nfv/nfvd/state_store.h"
#include "nfv/telemetry/derive.h"

namespace nfv::nfvctl {
namespace {

// A nfvd that is stuck must not hold up nfvctl for long: it is then treated as absent.
constexpr auto kNfvdConnectTimeout = std::chrono::seconds(2);

class NfvdSource : public TelemetrySource {
 public:
  NfvdSource(std::string socket, api::SwitchClient client)
      : socket_(std::move(socket)), client_(std::move(client)) {}

  Result<api::TelemetryHistory> history(uint32_t seconds) override {
    if (!client_) {
      auto client = api::SwitchClient::connect(socket_, "nfvctl", kNfvdConnectTimeout);
      if (!client) return make_error("nfvd at {}: {}", socket_, client.error().message);
      client_.emplace(std::move(client).value());
    }
    api::TelemetryParams params;
    params.seconds = seconds;
    auto history = client_->call(api::kNfvdTelemetry, params);
    if (!history) {
      client_.reset();  // reconnect next time: nfvd may have restarted
      return make_error("nfvd.telemetry: {}", history.error().message);
    }
    return history;
  }

  Result<api::TelemetrySample> newest() override {
    auto recent = history(1);
    if (!recent) return std::move(recent).error();
    if (recent->samples.empty()) {
      return make_error("nfvd has no telemetry sample yet (it samples every {:.1f} s)",
                        recent->interval_s);
    }
    return std::move(recent->samples.back());
  }

  std::string note() const override { return ""; }

 private:
  std::string socket_;
  std::optional<api::SwitchClient> client_;
};

class SwitchSource : public TelemetrySource {
 public:
  SwitchSource(std::string socket, double interval_s, std::string why_not_nfvd)
      : socket_(std::move(socket)),
        interval_s_(interval_s),
        note_("from the switch (" + why_not_nfvd + ": no guests, no attribution)") {}

  Result<api::TelemetryHistory> history(uint32_t) override {
    auto sample = newest();
    if (!sample) return std::move(sample).error();
    api::TelemetryHistory history;
    history.interval_s = interval_s_;
    history.history_s = 0;  // nothing is kept without nfvd
    history.samples.push_back(std::move(sample).value());
    return history;
  }

  Result<api::TelemetrySample> newest() override {
    if (!previous_) {
      auto first = read();
      if (!first) return std::move(first).error();
      previous_ = std::move(first).value();
      // The interval the rates are measured over, not a wait for something to happen.
      std::this_thread::sleep_for(std::chrono::duration<double>(interval_s_));
    }
    auto current = read();
    if (!current) return std::move(current).error();
    auto sample = telemetry::derive_sample(&*previous_, *current, derived_ ? &*derived_ : nullptr);
    previous_ = std::move(current).value();
    derived_ = sample;
    return sample;
  }

  std::string note() const override { return note_; }

 private:
  Result<telemetry::RawSample> read() {
    if (!client_) {
      auto client = api::SwitchClient::connect(socket_, "nfvctl");
      if (!client) return std::move(client).error();
      client_.emplace(std::move(client).value());
    }
    auto raw = read_with(*client_);
    if (!raw) client_.reset();  // reconnect next time: the switch may have restarted
    return raw;
  }

  static Result<telemetry::RawSample> read_with(api::SwitchClient& client) {
    telemetry::RawSample raw;
    auto stats = client.call(api::kStatsGet, api::StatsParams{});
    if (!stats) return make_error("stats.get: {}", stats.error().message);
    auto ports = client.call(api::kPortList);
    if (!ports) return make_error("port.list: {}", ports.error().message);
    auto pmds = client.call(api::kPmdList);
    if (!pmds) return make_error("pmd.list: {}", pmds.error().message);
    auto bridges = client.call(api::kBridgeList);
    if (!bridges) return make_error("bridge.list: {}", bridges.error().message);
    raw.time_s = stats->timestamp_s;
    raw.utc = nfvd::utc_now();
    raw.switch_up = true;
    raw.stats = std::move(stats).value();
    raw.ports = std::move(ports).value();
    raw.pmds = std::move(pmds).value();
    raw.bridges = std::move(bridges).value();
    return raw;
  }

  std::string socket_;
  double interval_s_;
  std::string note_;
  std::optional<api::SwitchClient> client_;
  std::optional<telemetry::RawSample> previous_;
  std::optional<api::TelemetrySample> derived_;
};

// nfvd's client when it serves telemetry; else nullopt and why not.
Result<std::optional<api::SwitchClient>> nfvd_client(const cli::Context& ctx,
                                                     std::string& why_not) {
  if (ctx.nfvd_socket.empty()) {
    why_not = "no nfvd socket given";
    return std::optional<api::SwitchClient>();
  }
  auto client = api::SwitchClient::connect(ctx.nfvd_socket, "nfvctl", kNfvdConnectTimeout);
  if (!client) {
    why_not = "nfvd not running";
    return std::optional<api::SwitchClient>();
  }
  auto probe = client->call(api::kNfvdTelemetry, api::TelemetryParams{});
  if (!probe && probe.error().code == static_cast<int>(api::ErrorCode::kMethodNotFound)) {
    why_not = "nfvd serves no telemetry";
    return std::optional<api::SwitchClient>();
  }
  if (!probe) {
    return make_error("nfvd.telemetry at {}: {}", ctx.nfvd_socket, probe.error().message);
  }
  return std::optional<api::SwitchClient>(std::move(client).value());
}

}  // namespace

Result<std::unique_ptr<TelemetrySource>> open_telemetry_source(const cli::Context& ctx,
                                                               double interval_s,
                                                               std::string& why_not_nfvd) {
  auto nfvd = nfvd_client(ctx, why_not_nfvd);
  if (!nfvd) return std::move(nfvd).error();
  if (*nfvd)
    return std::unique_ptr<TelemetrySource>(new NfvdSource(ctx.nfvd_socket, std::move(**nfvd)));
  return std::unique_ptr<TelemetrySource>(
      new SwitchSource(ctx.switch_socket, interval_s, why_not_nfvd));
}

}  // namespace nfv::nfvctl
