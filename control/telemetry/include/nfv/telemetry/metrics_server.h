// The /metrics endpoint over HTTP (cpp-httplib) on its own thread. The page is rendered by the
// caller's function on each scrape, on the server's thread (it must be safe to call there).
// GET /metrics: the page (text/plain; version=0.0.4); GET /: a pointer to it; else 404.
// Any local process can connect, so what a client can hold is bounded: at most
// kMaxMetricsConnections live connections (more are closed at once), a request must arrive
// whole within 2 s and 16 KiB, an idle connection is closed after 1 s, and stop() cuts open
// connections. What remains: a process that keeps taking every place (reconnecting, dripping)
// delays scrapes for as long as it does so, without costing nfvd more descriptors or threads;
// a render in progress is not interrupted by stop().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "nfv/common/result.h"

namespace nfv::telemetry {

inline constexpr const char* kDefaultMetricsAddress = "127.0.0.1";
inline constexpr uint16_t kDefaultMetricsPort = 9478;
inline constexpr size_t kMaxMetricsConnections = 8;  // a second Prometheus and a curl fit

class MetricsServer {
 public:
  using Render = std::function<std::string()>;
  // Listens on address:port (port 0: any free port) and serves GET /metrics; the error names
  // the address and the fix (another port) when it is taken.
  static Result<std::unique_ptr<MetricsServer>> start(const std::string& address, uint16_t port,
                                                      Render render);
  virtual ~MetricsServer() = default;
  virtual uint16_t port() const = 0;  // the bound port
  // Stops serving and joins its threads at once (open connections are shut down, also one
  // blocked on a client sending slowly), unless a render is in progress; the destructor does too.
  virtual void stop() = 0;
};

}  // namespace nfv::telemetry
