#include "nfv/telemetry/metrics_server.h"

namespace nfv::telemetry {

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const std::string&, uint16_t, Render) {
  return make_error("metrics server: not built yet");
}

}  // namespace nfv::telemetry
