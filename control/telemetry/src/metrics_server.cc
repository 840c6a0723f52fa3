#include "nfv/telemetry/metrics_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <system_error>
#include <thread>

#include "guarded_http_server.h"

namespace nfv::telemetry {
namespace {

constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* kIndexPage =
    "<html><head><title>nfvd</title></head><body><h1>nfvd</h1>"
    "<p><a href=\"/metrics\">/metrics</a>: the appliance's telemetry for Prometheus.</p>"
    "</body></html>\n";
// Only GETs are served: a scrape is small, one connection at a time is the norm. Beyond
// kMaxMetricsConnections, connections are closed at once (each admitted one has a worker of its
// own, so a flood of connections cannot queue up and use nfvd's descriptors).
constexpr size_t kKeepAliveMaxRequests = 100;
// An idle kept-alive connection (Prometheus keeps its connection between scrapes) is closed after
// this long, freeing its place; stop() does not wait for it, it cuts it.
constexpr time_t kKeepAliveSeconds = 1;
// A whole request (line, headers, body) must arrive within this time and size, its response
// leave within this time: a client dripping bytes or sending endless headers is cut off.
constexpr auto kRequestTime = std::chrono::seconds(2);
constexpr size_t kMaxRequestBytes = 16 * 1024;
constexpr auto kResponseTime = std::chrono::seconds(2);
constexpr size_t kMaxRequestBody = 1024;

// SO_REUSEADDR only: httplib's default (SO_REUSEPORT) would let a second server share a port
// that is taken instead of reporting it.
void reuse_address_only(socket_t sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

class HttpMetricsServer final : public MetricsServer {
 public:
  explicit HttpMetricsServer(Render render)
      : render_(std::move(render)),
        server_({.connections = kMaxMetricsConnections,
                 .request = {.request_time = kRequestTime,
                             .request_bytes = kMaxRequestBytes,
                             .response_time = kResponseTime}}) {
    configure();
  }
  ~HttpMetricsServer() override { stop(); }

  Status listen(const std::string& address, uint16_t port);
  uint16_t port() const override { return port_; }
  void stop() override;

 private:
  void configure();

  Render render_;
  GuardedHttpServer server_;
  std::thread thread_;
  std::atomic<bool> listen_returned_{false};
  uint16_t port_ = 0;
};

void HttpMetricsServer::configure() {
  server_.set_socket_options(reuse_address_only);
  server_.set_keep_alive_max_count(kKeepAliveMaxRequests);
  server_.set_keep_alive_timeout(kKeepAliveSeconds);
  server_.set_payload_max_length(kMaxRequestBody);
  server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(render_(), kMetricsContentType);
  });
  server_.Get("/", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(kIndexPage, "text/html; charset=utf-8");
  });
}

Status HttpMetricsServer::listen(const std::string& address, uint16_t port) {
  errno = 0;
  int bound = port == 0 ? server_.bind_to_any_port(address)
                        : (server_.bind_to_port(address, port) ? port : -1);
  if (bound <= 0) {
    std::string why =
        errno != 0 ? std::error_code(errno, std::generic_category()).message() : "not usable";
    return make_error(
        "metrics endpoint: cannot listen on {}:{} ({}); choose another --metrics-port, or a "
        "--metrics-address of this host",
        address, port, why);
  }
  port_ = static_cast<uint16_t>(bound);
  thread_ = std::thread([this] {
    server_.listen_after_bind();
    listen_returned_ = true;
  });
  // stop() only stops a server that runs: wait until the thread is in its accept loop
  // (it gets there at once; the loop ends only when stopped or on an error).
  while (!server_.is_running() && !listen_returned_) std::this_thread::yield();
  return ok_status();
}

void HttpMetricsServer::stop() {
  if (!thread_.joinable()) return;
  server_.stop_serving();
  thread_.join();
}

}  // namespace

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const std::string& address,
                                                            uint16_t port, Render render) {
  auto server = std::make_unique<HttpMetricsServer>(std::move(render));
  NFV_TRY(server->listen(address, port));
  return std::unique_ptr<MetricsServer>(std::move(server));
}

}  // namespace nfv::telemetry
