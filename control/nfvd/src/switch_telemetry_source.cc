#include "nfv/nfvd/switch_telemetry_source.h"

#include <ctime>

#include "nfv/nfvd/state_store.h"

namespace nfv::nfvd {
namespace {

constexpr auto kSwitchTimeout = std::chrono::seconds(2);

double monotonic_s() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

std::vector<telemetry::GuestInputs> guest_inputs(const reconcile::GuestStates& guests,
                                                 const std::map<std::string, bool>& running) {
  std::vector<telemetry::GuestInputs> inputs;
  for (const auto& [name, guest] : guests) {
    telemetry::GuestInputs in;
    in.name = name;
    auto it = running.find(name);
    in.up = it != running.end() && it->second;
    for (const auto& interface : guest.interfaces) {
      if (interface.type == reconcile::GuestInterface::Type::kVhost) {
        in.ports.push_back(interface.name);
      }
    }
    inputs.push_back(std::move(in));
  }
  return inputs;
}

Status SwitchTelemetrySource::read_switch(telemetry::RawSample& sample) {
  if (!client_) {
    auto client = api::SwitchClient::connect(options_.switch_socket, "nfvd-telemetry",
                                             kSwitchTimeout);
    if (!client) return std::move(client).error();
    client_.emplace(std::move(*client));
  }
  // Counters last, closest to the sample's time stamp.
  auto ports = client_->call(api::kPortList);
  if (!ports) return std::move(ports).error();
  auto pmds = client_->call(api::kPmdList);
  if (!pmds) return std::move(pmds).error();
  auto bridges = client_->call(api::kBridgeList);
  if (!bridges) return std::move(bridges).error();
  auto stats = client_->call(api::kStatsGet, api::StatsParams{});
  if (!stats) return std::move(stats).error();
  sample.ports = std::move(*ports);
  sample.pmds = std::move(*pmds);
  sample.bridges = std::move(*bridges);
  sample.stats = std::move(*stats);
  return {};
}

void SwitchTelemetrySource::read_guests(telemetry::RawSample& sample) const {
  auto running = options_.guests_running ? options_.guests_running()
                                         : std::map<std::string, bool>{};
  sample.guests = guest_inputs(guests_->get(), running);
}

telemetry::RawSample SwitchTelemetrySource::read() {
  telemetry::RawSample sample;
  if (auto status = read_switch(sample); !status) {
    client_.reset();
    sample.switch_up = false;
    sample.error = status.error().message;
  } else {
    sample.switch_up = true;
  }
  sample.time_s = monotonic_s();
  sample.utc = utc_text(std::time(nullptr));
  read_guests(sample);
  return sample;
}

}  // namespace nfv::nfvd
