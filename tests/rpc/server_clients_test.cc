// The server against many and badly behaved clients: every slot taken, idle connections,
// a reader that stalls, a client that pipelines thousands of requests. Whoever comes next
// is still served.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "test_server.h"

namespace nfv::rpc {
namespace {

using api::ErrorCode;
using api::json;

// The server closed this connection (the peer hung up), found without reading from it.
bool hung_up(LineClient& client, Clock::time_point deadline) {
  while (Clock::now() < deadline) {
    pollfd pfd{client.fd(), 0, 0};
    if (::poll(&pfd, 1, 50) > 0 && (pfd.revents & (POLLHUP | POLLERR))) return true;
  }
  return false;
}

TEST_F(ServerTest, ANewClientIsServedWhenEverySlotIsTaken) {
  ASSERT_NO_FATAL_FAILURE(start());
  ASSERT_EQ(limits_.max_clients, 64u);
  std::vector<LineClient> clients;
  for (int i = 0; i < 64; ++i) clients.push_back(connect());  // each greeted in turn
  LineClient operator_client = connect();                     // the 65th: served
  auto reply = call(operator_client, LineClient::request(1, "port.del", R"({"name":"x"})"));
  EXPECT_EQ(reply["result"], json::object()) << reply.dump();

  // The longest-idle client, the first, made room and was told why.
  auto notice = read_json(clients[0]);
  EXPECT_EQ(notice["error"]["code"], static_cast<int>(ErrorCode::kResourceExhausted));
  EXPECT_NE(notice["error"]["message"].get<std::string>().find("all 64 connections"),
            std::string::npos)
      << notice.dump();
  EXPECT_TRUE(clients[0].wait_closed(deadline_in()));
  auto second = call(clients[1], LineClient::request(2, "port.del", R"({"name":"y"})"));
  EXPECT_EQ(second["result"], json::object()) << "the others stay connected";
}

TEST_F(ServerTest, AnIdleClientIsClosedAfterTheTimeout) {
  ServerLimits limits;
  limits.idle_timeout = std::chrono::milliseconds(300);
  ASSERT_NO_FATAL_FAILURE(start(limits));
  auto connected_at = Clock::now();  // the server's clock for this client starts later
  LineClient client = connect();
  auto notice = read_json(client);  // the server speaks last
  EXPECT_GE(Clock::now() - connected_at, limits.idle_timeout) << "closed too early";
  EXPECT_EQ(notice["error"]["code"], static_cast<int>(ErrorCode::kResourceExhausted));
  EXPECT_NE(notice["error"]["message"].get<std::string>().find("idle timeout"), std::string::npos)
      << notice.dump();
  EXPECT_TRUE(client.wait_closed(deadline_in()));
  LineClient next = connect();  // the server itself goes on
  EXPECT_FALSE(next.closed());
}

TEST_F(ServerTest, AReaderThatStallsIsClosedAndOthersAreServed) {
  ServerLimits limits;
  limits.max_reply_bytes = 128 * 1024;
  limits.max_pending_output_bytes = 256 * 1024;
  ASSERT_NO_FATAL_FAILURE(start(limits));
  LineClient stalled = connect();
  // 100 replies of about 90 kB each, never read: far beyond the socket buffers and the limit.
  std::string requests;
  for (int id = 1; id <= 100; ++id) {
    requests += LineClient::request(id, "mac.list", R"({"limit":1000})");
  }
  ASSERT_TRUE(stalled.send(requests));
  EXPECT_TRUE(hung_up(stalled, deadline_in())) << "the stalled reader was not closed";

  LineClient other = connect();
  auto reply = call(other, LineClient::request(1, "port.del", R"({"name":"x"})"));
  EXPECT_EQ(reply["result"], json::object());
  EXPECT_TRUE(stalled.wait_closed(deadline_in()));
  EXPECT_LT(stalled.bytes_received(), 100u * 80 * 1000) << "it was closed before all was sent";
}

TEST_F(ServerTest, APipeliningClientCannotStarveAnother) {
  ASSERT_NO_FATAL_FAILURE(start());
  LineClient busy = connect();
  LineClient quiet = connect();
  LineClient holder = connect();
  // Hold the server in a handler while both clients queue their requests, so that when it
  // goes on, all of them are waiting at once.
  ASSERT_TRUE(holder.send(LineClient::request(1, "port.add", R"({"name":"h","type":"vhost"})")));
  ASSERT_NO_FATAL_FAILURE(wait_until_port_add_holds());
  std::string flood;
  for (int i = 1; i <= 10000; ++i) {
    flood += LineClient::request(i, "port.del", R"({"name":"busy-)" + std::to_string(i) + "\"}");
  }
  // All 10000 must sit in the socket at once (a blocked send would be a deadlock here).
  int buffer = 8 << 20;
  ASSERT_EQ(::setsockopt(busy.fd(), SOL_SOCKET, SO_SNDBUFFORCE, &buffer, sizeof(buffer)), 0)
      << "needs CAP_NET_ADMIN (run as root)";
  ASSERT_TRUE(busy.send(flood));
  ASSERT_TRUE(quiet.send(LineClient::request(1, "port.del", R"({"name":"quiet"})")));
  release_port_add();

  EXPECT_EQ(read_json(quiet)["id"], 1);
  for (int i = 1; i <= 10000; ++i) ASSERT_EQ(read_json(busy)["id"], i);
  auto calls = port_del_calls();
  ASSERT_EQ(calls.size(), 10001u);
  auto quiet_at = std::find(calls.begin(), calls.end(), "quiet") - calls.begin();
  auto busy_last_at = std::find(calls.begin(), calls.end(), "busy-10000") - calls.begin();
  EXPECT_LT(quiet_at, busy_last_at);
  EXPECT_LE(static_cast<size_t>(quiet_at), limits_.requests_per_round)
      << "served in the first round, after at most one round's share of the busy client";
}

}  // namespace
}  // namespace nfv::rpc
