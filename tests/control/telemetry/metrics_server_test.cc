// The /metrics endpoint on a free port of 127.0.0.1: the page and its content type, 404 for
// anything else, a clear error for a port that is taken, and a stop that ends it.
#include "nfv/telemetry/metrics_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>

namespace nfv::telemetry {
namespace {

constexpr const char* kAddress = "127.0.0.1";

std::unique_ptr<MetricsServer> start_or_fail(MetricsServer::Render render) {
  auto server = MetricsServer::start(kAddress, 0, std::move(render));
  EXPECT_TRUE(server.ok()) << server.error().message;
  return server.ok() ? std::move(server).value() : nullptr;
}

httplib::Client client_of(const MetricsServer& server) {
  httplib::Client client(kAddress, server.port());
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  return client;
}

TEST(MetricsServerTest, ServesTheRenderedPageOnEveryScrape) {
  std::atomic<int> scrapes{0};
  auto server = start_or_fail([&] { return "nfv_up " + std::to_string(++scrapes) + "\n"; });
  ASSERT_NE(server, nullptr);
  EXPECT_NE(server->port(), 0);
  httplib::Client client = client_of(*server);
  for (int scrape = 1; scrape <= 2; ++scrape) {
    auto response = client.Get("/metrics");
    ASSERT_TRUE(response) << httplib::to_string(response.error());
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->get_header_value("Content-Type"),
              "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(response->body, "nfv_up " + std::to_string(scrape) + "\n");
  }
}

TEST(MetricsServerTest, TheIndexPointsAtMetricsAndOtherPathsAreNotFound) {
  auto server = start_or_fail([] { return std::string("x 1\n"); });
  ASSERT_NE(server, nullptr);
  httplib::Client client = client_of(*server);
  auto index = client.Get("/");
  ASSERT_TRUE(index) << httplib::to_string(index.error());
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("/metrics"), std::string::npos);
  for (const char* path : {"/metric", "/metrics/x", "/favicon.ico"}) {
    auto other = client.Get(path);
    ASSERT_TRUE(other) << path;
    EXPECT_EQ(other->status, 404) << path;
  }
  auto post = client.Post("/metrics", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_NE(post->status, 200);
}

TEST(MetricsServerTest, APortThatIsTakenIsAnErrorNamingItAndTheFix) {
  auto first = start_or_fail([] { return std::string(); });
  ASSERT_NE(first, nullptr);
  auto second = MetricsServer::start(kAddress, first->port(), [] { return std::string(); });
  ASSERT_FALSE(second.ok()) << "a second server shares port " << first->port();
  const std::string& message = second.error().message;
  EXPECT_NE(message.find(std::string(kAddress) + ":" + std::to_string(first->port())),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("--metrics-port"), std::string::npos) << message;
}

TEST(MetricsServerTest, AnAddressThatIsNotOfThisHostIsAnError) {
  auto server = MetricsServer::start("192.0.2.1", 0, [] { return std::string(); });
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.error().message.find("--metrics-address"), std::string::npos)
      << server.error().message;
}

TEST(MetricsServerTest, StopEndsServingAndFreesThePort) {
  auto server = start_or_fail([] { return std::string("x 1\n"); });
  ASSERT_NE(server, nullptr);
  uint16_t port = server->port();
  server->stop();
  server->stop();  // a second stop is harmless
  httplib::Client client(kAddress, port);
  client.set_connection_timeout(2);
  EXPECT_FALSE(client.Get("/metrics")) << "still serving after stop()";
  auto again = MetricsServer::start(kAddress, port, [] { return std::string("y 1\n"); });
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ((*again)->port(), port);
}

// Prometheus keeps its connection open between scrapes; stopping must not wait for it long.
TEST(MetricsServerTest, StopIsPromptWhileAScraperKeepsItsConnection) {
  auto server = start_or_fail([] { return std::string("x 1\n"); });
  ASSERT_NE(server, nullptr);
  httplib::Client client = client_of(*server);
  client.set_keep_alive(true);
  ASSERT_TRUE(client.Get("/metrics"));
  auto started = std::chrono::steady_clock::now();
  server->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(MetricsServerTest, AServerStoppedAtOnceJoinsCleanly) {
  for (int round = 0; round < 20; ++round) {
    auto server = start_or_fail([] { return std::string(); });
    ASSERT_NE(server, nullptr);
  }  // destructors stop and join right after start
}

}  // namespace
}  // namespace nfv::telemetry
