// The sampler's source in nfvd: the switch's counters and objects over its socket, the guests
// of the config last applied with whether they run, the processes on the other end of their
// ports (how long their threads wait for a CPU), and the counters of their VFs.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "nfv/api/switch_client.h"
#include "nfv/nfvd/nfvd_telemetry.h"
#include "nfv/telemetry/sampler.h"

namespace nfv::nfvd {

class SwitchTelemetrySource : public telemetry::SampleSource {
 public:
  SwitchTelemetrySource(TelemetryOptions options, std::shared_ptr<TelemetryGuests> guests)
      : options_(std::move(options)), guests_(std::move(guests)) {}
  telemetry::RawSample read() override;

 private:
  Status read_switch(telemetry::RawSample& sample);
  void read_guests(telemetry::RawSample& sample) const;

  TelemetryOptions options_;
  std::shared_ptr<TelemetryGuests> guests_;
  std::optional<api::SwitchClient> client_;  // reconnected after a failure
};

// The guests' inputs: their switch ports and VF ports, and whether they run.
std::vector<telemetry::GuestInputs> guest_inputs(const reconcile::GuestStates& guests,
                                                 const std::map<std::string, bool>& running);

}  // namespace nfv::nfvd
