// The server against what clients send: lines split across writes, oversized lines, deep
// nesting, garbage bytes, half-closed sockets, failing handlers and oversized replies. Each
// is an error reply or a normal answer; the server keeps serving.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "test_server.h"

namespace nfv::rpc {
namespace {

using api::ErrorCode;
using api::json;

int code(const json& reply) { return reply["error"]["code"].get<int>(); }
std::string message(const json& reply) { return reply["error"]["message"].get<std::string>(); }

// The server still answers a new request on this connection.
void expect_served(LineClient& client, int64_t id) {
  auto reply = call(client, LineClient::request(id, "port.del", R"({"name":"p"})"));
  EXPECT_EQ(reply["id"], id) << reply.dump();
  EXPECT_EQ(reply["result"], json::object()) << reply.dump();
}

TEST_F(ServerTest, PartialLinesAcrossWritesAreJoined) {
  ASSERT_NO_FATAL_FAILURE(start());
  LineClient slow = connect();
  LineClient other = connect();
  std::string two = LineClient::request(1, "port.del", R"({"name":"a"})") +
                    LineClient::request(2, "port.del", R"({"name":"b"})");
  // Cut inside the first line, across the boundary, and just before the last "\n". Each
  // piece is read before the next is sent: a round trip on another connection in between
  // proves that the server polled, and so read, every readable socket.
  std::vector<size_t> cuts = {0, 7, 30, two.find('\n') + 3, two.size() - 1, two.size()};
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    ASSERT_TRUE(slow.send(std::string_view(two).substr(cuts[i], cuts[i + 1] - cuts[i])));
    if (i + 2 < cuts.size()) expect_served(other, 100 + static_cast<int64_t>(i));
  }
  EXPECT_EQ(read_json(slow)["id"], 1);
  EXPECT_EQ(read_json(slow)["id"], 2);
  auto calls = port_del_calls();
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "a"), 1);
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "b"), 1);
}

// `bytes` get one invalid-request reply whose message says `why`; the connection goes on.
void expect_refused_then_served(LineClient& client, const std::string& bytes,
                                const std::string& why) {
  auto error = call(client, bytes);
  EXPECT_EQ(code(error), static_cast<int>(ErrorCode::kInvalidRequest));
  EXPECT_NE(message(error).find(why), std::string::npos) << message(error);
  expect_served(client, 5);
}

TEST_F(ServerTest, AnOversizedLineIsAnErrorAndTheConnectionGoesOn) {
  ASSERT_NO_FATAL_FAILURE(start());
  LineClient client = connect();
  expect_refused_then_served(client, std::string(api::kMaxMessageBytes + 1000, 'x') + "\n",
                             "longer than 1048576 bytes");
}

// The input buffer filled exactly to the limit by a line whose newline has not come yet: the
// server reads on (its next bytes make the line oversized) instead of waiting for a request
// that the full buffer can never hold.
TEST_F(ServerTest, ALineFillingTheBufferExactlyIsReadOnAndRefused) {
  ServerLimits limits;
  limits.max_request_bytes = 1024;
  ASSERT_NO_FATAL_FAILURE(start(limits));
  LineClient slow = connect();
  LineClient other = connect();
  ASSERT_TRUE(slow.send(std::string(1024, 'x')));
  expect_served(other, 1);  // a round trip: the server polled, and so read the 1024 bytes
  expect_refused_then_served(slow, "x\n", "longer than 1024 bytes");
}

TEST_F(ServerTest, DeepNestingIsAnErrorReplyNotACrash) {
  ASSERT_NO_FATAL_FAILURE(start());
  LineClient client = connect();
  expect_refused_then_served(client, std::string(100000, '[') + "\n", "deeper than 64 levels");
}

TEST_F(ServerTest, GarbageBytesGetErrorReplies) {
  ASSERT_NO_FATAL_FAILURE(start());
  LineClient client = connect();
  std::mt19937 random(7);
  std::string garbage;
  for (int i = 0; i < 65536; ++i) {
    char byte = static_cast<char>(random() % 256);
    garbage += byte == '{' ? '\0' : byte;  // no '{': no line can be a valid notification
  }
  garbage += std::string("\n\xff\xfe\xfd\n", 5) + std::string("\0\0\0\n", 4) +
             R"({"jsonrpc":"2.0","id":1,"method":")" + "\xc3\x28" + "\"}\n";
  size_t requests = 0;
  for (size_t start = 0, end; (end = garbage.find('\n', start)) != std::string::npos;
       start = end + 1) {
    if (garbage.substr(start, end - start).find_first_not_of(" \t\r") != std::string::npos) {
      ++requests;
    }
  }
  ASSERT_TRUE(client.send(garbage));
  for (size_t i = 0; i < requests; ++i) {
    auto reply = read_json(client);
    ASSERT_TRUE(reply.contains("error")) << "reply " << i << ": " << reply.dump();
    EXPECT_TRUE(reply["id"].is_null());
  }
  expect_served(client, 7);
}

TEST_F(ServerTest, AHalfClosedClientGetsEveryReply) {
  ASSERT_NO_FATAL_FAILURE(start());
  LineClient client = connect(false);
  ASSERT_TRUE(client.send(LineClient::hello(1) +
                          LineClient::request(2, "port.del", R"({"name":"a"})") +
                          LineClient::request(3, "port.del", R"({"name":"b"})")));
  client.shutdown_write();  // as socat or nc -N do once their input ends
  for (int id = 1; id <= 3; ++id) EXPECT_EQ(read_json(client)["id"], id);
  EXPECT_TRUE(client.wait_closed(deadline_in())) << "the server closes once all is answered";
  EXPECT_EQ(port_del_calls(), (std::vector<std::string>{"a", "b"}));
}

TEST_F(ServerTest, AFinalLineWithoutNewlineIsServedAtEndOfInput) {
  ASSERT_NO_FATAL_FAILURE(start());
  LineClient client = connect(false);
  std::string last = LineClient::request(2, "port.del", R"({"name":"last"})");
  last.pop_back();  // no "\n"
  ASSERT_TRUE(client.send(LineClient::hello(1) + last));
  client.shutdown_write();
  EXPECT_EQ(read_json(client)["id"], 1);
  EXPECT_EQ(read_json(client)["id"], 2);
  EXPECT_TRUE(client.wait_closed(deadline_in()));
  EXPECT_EQ(port_del_calls(), std::vector<std::string>{"last"});
}

TEST_F(ServerTest, HandlerFailuresAreErrorReplies) {
  ASSERT_NO_FATAL_FAILURE(start());
  LineClient client = connect();
  auto thrown = call(client, LineClient::request(1, "switch.info"));
  EXPECT_EQ(code(thrown), static_cast<int>(ErrorCode::kInternalError));
  EXPECT_EQ(message(thrown), "switch.info: internal error: handler failed");
  auto odd = call(client, LineClient::request(2, "port.del", R"({"name":"invalid-utf8"})"));
  EXPECT_EQ(message(odd), "port '\xEF\xBF\xBD\xEF\xBF\xBD' is odd") << "bytes replaced, not thrown";
  expect_served(client, 3);
}

TEST_F(ServerTest, AnOversizedReplyIsAnErrorNamingTheLimit) {
  ServerLimits limits;
  limits.max_reply_bytes = 64 * 1024;
  ASSERT_NO_FATAL_FAILURE(start(limits));
  LineClient client = connect();
  auto big = call(client, LineClient::request(1, "mac.list", R"({"limit":10000})"));
  EXPECT_EQ(big["id"], 1);
  EXPECT_EQ(code(big), static_cast<int>(ErrorCode::kResourceExhausted));
  EXPECT_NE(message(big).find("limit of 65536 bytes"), std::string::npos) << message(big);
  auto page = call(client, LineClient::request(2, "mac.list", R"({"limit":100})"));
  EXPECT_EQ(page["result"]["entries"].size(), 100u) << "a smaller page is served";
}

}  // namespace
}  // namespace nfv::rpc
