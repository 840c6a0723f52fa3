// What a client can hold of the /metrics endpoint is bounded: a flood of idle connections is cut
// to a few and a scrape still succeeds, a request dripped byte by byte is cut off at its
// deadline, one with endless headers at its size, and stop() returns at once while clients hold
// connections open.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "nfv/telemetry/metrics_server.h"

namespace nfv::telemetry {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* kAddress = "127.0.0.1";
// Well below the server's idle (1 s) and request (2 s) limits: what happens this fast is the
// server's doing, not one of those timeouts.
constexpr auto kAtOnce = 500ms;
constexpr auto kDripInterval = 500ms;
constexpr std::string_view kDrippedRequest = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: yes\r\n";

// A plain TCP client, to hold connections the way no HTTP client library would.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, kAddress, &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool send_text(std::string_view text) {
    return ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
  }
  // Reads until the server closes the connection (true) or the deadline passes (false).
  bool closed_by_server_before(Clock::time_point deadline) {
    Read read;
    while ((read = read_before(deadline)) == Read::kData) {
    }
    return read == Read::kClosed;
  }
  // Reads until text arrives (true), or the deadline passes or the server closes (false).
  bool receives_before(std::string_view text, Clock::time_point deadline) {
    while (received_.find(text) == std::string::npos) {
      if (read_before(deadline) != Read::kData) return false;
    }
    return true;
  }
  const std::string& received() const { return received_; }

 private:
  enum class Read { kData, kClosed, kNothing };
  Read read_before(Clock::time_point deadline) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd entry{.fd = fd_, .events = POLLIN, .revents = 0};
    if (::poll(&entry, 1, static_cast<int>(std::max<int64_t>(left.count(), 0))) <= 0) {
      return Read::kNothing;
    }
    char chunk[4096];
    ssize_t count = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (count <= 0) return Read::kClosed;
    received_.append(chunk, static_cast<size_t>(count));
    return Read::kData;
  }

  int fd_;
  std::string received_;
};

// Sends kDrippedRequest one byte per kDripInterval, on its own thread, until stopped.
class Dripper {
 public:
  explicit Dripper(RawConnection& connection)
      : thread_([this, &connection](std::stop_token stop) { drip(connection, stop); }) {}

  size_t bytes_sent() const { return sent_.load(); }
  bool wait_for_bytes(size_t count, Clock::time_point deadline) const {
    while (bytes_sent() < count) {
      if (Clock::now() > deadline) return false;
      std::this_thread::yield();
    }
    return true;
  }

 private:
  void drip(RawConnection& connection, std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any paced;
    std::unique_lock lock(mutex);
    for (char byte : kDrippedRequest) {
      if (!connection.send_text(std::string_view(&byte, 1))) return;
      ++sent_;
      // Pacing, the behaviour under test: woken early only to end.
      if (paced.wait_for(lock, stop, kDripInterval, [] { return false; }) || stop.stop_requested())
        return;
    }
  }

  std::atomic<size_t> sent_{0};
  std::jthread thread_;
};

// A server on a free port, rendering a fixed page, and clients connecting to it.
class MetricsServerGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = MetricsServer::start(kAddress, 0, [] { return std::string("nfv_up 1\n"); });
    ASSERT_TRUE(started.ok()) << started.error().message;
    server_ = std::move(started).value();
  }
  std::unique_ptr<RawConnection> connect() {
    auto connection = std::make_unique<RawConnection>(server_->port());
    EXPECT_TRUE(connection->connected()) << "cannot connect to port " << server_->port();
    return connection;
  }

  std::unique_ptr<MetricsServer> server_;
};

bool scrape_succeeds_before(const MetricsServer& server, Clock::time_point deadline) {
  while (Clock::now() < deadline) {
    httplib::Client client(kAddress, server.port());
    client.set_connection_timeout(1);
    client.set_read_timeout(1);
    auto response = client.Get("/metrics");
    if (response && response->status == 200 && response->body == "nfv_up 1\n") return true;
    std::this_thread::yield();
  }
  return false;
}

TEST_F(MetricsServerGuardTest, AFloodOfIdleConnectionsIsCutToTheLimitAndAScrapeStillSucceeds) {
  constexpr size_t kFlood = 20;
  std::vector<std::unique_ptr<RawConnection>> flood;
  for (size_t i = 0; i < kFlood; ++i) {
    flood.push_back(connect());
  }
  auto deadline = Clock::now() + kAtOnce;
  size_t closed = 0;
  for (auto& connection : flood) closed += connection->closed_by_server_before(deadline) ? 1 : 0;
  EXPECT_GE(closed, kFlood - kMaxMetricsConnections)
      << "the server keeps more than " << kMaxMetricsConnections << " connections";
  // The idle ones left free their places: Prometheus gets in while the flood stays connected.
  EXPECT_TRUE(scrape_succeeds_before(*server_, Clock::now() + 5s));
}

TEST_F(MetricsServerGuardTest, ARequestDrippedByteByByteIsCutOffAtItsDeadline) {
  auto slow = connect();
  Dripper dripper(*slow);
  // The server's own read timeout (per read) never fires at this pace; its request deadline does.
  EXPECT_TRUE(slow->closed_by_server_before(Clock::now() + 4s))
      << "still open after " << dripper.bytes_sent() << " bytes";
  EXPECT_LT(dripper.bytes_sent(), kDrippedRequest.size()) << "the request was never cut off";
  EXPECT_EQ(slow->received().find("200"), std::string::npos) << slow->received();
  EXPECT_TRUE(scrape_succeeds_before(*server_, Clock::now() + 5s));
}

// cpp-httplib 0.11.4 limits the length of a header line, not their number.
TEST_F(MetricsServerGuardTest, HeadersWithoutEndAreCutOffAtTheRequestSize) {
  auto greedy = connect();
  std::string request = "GET /metrics HTTP/1.1\r\n";
  while (request.size() < 64 * 1024) request += "X-Padding: " + std::string(50, 'p') + "\r\n";
  greedy->send_text(request);  // the server may close before it has all; no blank line follows
  EXPECT_TRUE(greedy->closed_by_server_before(Clock::now() + kAtOnce));
  EXPECT_EQ(greedy->received().find("200"), std::string::npos) << greedy->received();
}

TEST_F(MetricsServerGuardTest, StopIsPromptWhileAClientDripsARequest) {
  auto slow = connect();
  Dripper dripper(*slow);
  ASSERT_TRUE(dripper.wait_for_bytes(2, Clock::now() + 5s));  // the server is mid-request
  auto started = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - started, kAtOnce);
}

TEST_F(MetricsServerGuardTest, StopIsPromptWithIdleKeptAliveConnections) {
  std::vector<std::unique_ptr<RawConnection>> scrapers;
  for (int i = 0; i < 3; ++i) {
    scrapers.push_back(connect());
    ASSERT_TRUE(scrapers.back()->send_text("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(scrapers.back()->receives_before("nfv_up 1\n", Clock::now() + 5s))
        << scrapers.back()->received();
  }
  auto started = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - started, kAtOnce);
  for (auto& scraper : scrapers) EXPECT_TRUE(scraper->closed_by_server_before(Clock::now() + 1s));
}

}  // namespace
}  // namespace nfv::telemetry
