// The /metrics endpoint over HTTP (cpp-httplib) on its own thread. The page is rendered by the
// caller's function on each scrape, on the server's thread (it must be safe to call there).
// GET /metrics: the page (text/plain; version=0.0.4); GET /: a pointer to it; else 404.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "nfv/common/result.h"

namespace nfv::telemetry {

inline constexpr const char* kDefaultMetricsAddress = "127.0.0.1";
inline constexpr uint16_t kDefaultMetricsPort = 9478;

class MetricsServer {
 public:
  using Render = std::function<std::string()>;
  // Listens on address:port (port 0: any free port) and serves GET /metrics; the error names
  // the address and the fix (another port) when it is taken.
  static Result<std::unique_ptr<MetricsServer>> start(const std::string& address, uint16_t port,
                                                      Render render);
  virtual ~MetricsServer() = default;
  virtual uint16_t port() const = 0;  // the bound port
  // Stops serving and joins its thread (within about a second, also while a scraper keeps its
  // connection open); the destructor does too.
  virtual void stop() = 0;
};

}  // namespace nfv::telemetry
