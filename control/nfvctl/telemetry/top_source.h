// Where `nfvctl top` reads its samples. nfvd first (--nfvd-socket): its sampler's samples, with
// the guests and the attribution of every loss. When nfvd does not answer (or serves no
// telemetry), the switch itself (-s/--socket): two reads an interval apart, derived here, with
// no guests and no attribution, which the header line says.
#pragma once

#include <memory>
#include <string>

#include "nfv/api/telemetry_api.h"
#include "nfv/cli/command.h"
#include "nfv/common/result.h"

namespace nfv::nfvctl {

class TelemetrySource {
 public:
  virtual ~TelemetrySource() = default;

  // The samples of the last `seconds` seconds, oldest first; from the switch, one sample.
  virtual Result<api::TelemetryHistory> history(uint32_t seconds) = 0;
  // The newest sample. From the switch, the first call reads it twice an interval apart;
  // later calls compare with the previous call's read.
  virtual Result<api::TelemetrySample> newest() = 0;
  // "" for nfvd; else what the header line says of the source.
  virtual std::string note() const = 0;
};

// nfvd at ctx.nfvd_socket when it answers nfvd.telemetry, else the switch at ctx.switch_socket
// (why nfvd was not used: in `why_not_nfvd`). An error when nfvd answers with one.
Result<std::unique_ptr<TelemetrySource>> open_telemetry_source(const cli::Context& ctx,
                                                               double interval_s,
                                                               std::string& why_not_nfvd);

}  // namespace nfv::nfvctl
