// The JSON-RPC layer: malformed and invalid requests get an error that says what is wrong.
#include <gtest/gtest.h>

#include "nfv/rpc/dispatcher.h"

namespace nfv::rpc {
namespace {

using api::json;

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dispatcher.add(api::kPortDel, [this](const api::NameParams& p) -> Status {
      calls.push_back(p.name);
      if (p.name == "ghost") {
        return Error{"port 'ghost' does not exist", static_cast<int>(api::ErrorCode::kNotFound)};
      }
      return {};
    });
  }
  json call(const std::string& line) { return dispatcher.handle(line, session); }
  json hello() {
    return call(R"({"jsonrpc":"2.0","id":1,"method":"api.hello","params":{"api_version":1,"client":"t"}})");
  }
  static int code(const json& response) { return response["error"]["code"].get<int>(); }
  static std::string message(const json& response) {
    return response["error"]["message"].get<std::string>();
  }

  Dispatcher dispatcher{ServerIdentity{"nfv-switch", "0.1.0"}};
  Session session;
  std::vector<std::string> calls;
};

TEST_F(DispatcherTest, HelloFirst) {
  auto early = call(R"({"jsonrpc":"2.0","id":7,"method":"port.del","params":{"name":"a"}})");
  EXPECT_EQ(code(early), -32006);
  EXPECT_EQ(message(early), "call api.hello with api_version 1 before port.del");
  EXPECT_EQ(early["id"], 7);
  auto ok = hello();
  EXPECT_EQ(ok["result"]["api_version"], 1);
  EXPECT_EQ(ok["result"]["server"], "nfv-switch");
  EXPECT_TRUE(calls.empty());
}

TEST_F(DispatcherTest, VersionMismatchNamesBothVersions) {
  auto response = call(R"({"jsonrpc":"2.0","id":1,"method":"api.hello","params":{"api_version":9,"client":"old-nfvctl"}})");
  EXPECT_EQ(code(response), -32005);
  EXPECT_EQ(message(response),
            "API version mismatch: client 'old-nfvctl' speaks version 9, this nfv-switch speaks "
            "version 1; use matching builds");
  EXPECT_FALSE(session.greeted);
}

TEST_F(DispatcherTest, MalformedRequests) {
  hello();
  EXPECT_EQ(code(call("{not json")), -32700);
  EXPECT_EQ(code(call("[1,2]")), -32600);
  EXPECT_EQ(message(call(R"({"id":1,"method":"port.del"})")), "\"jsonrpc\" must be \"2.0\"");
  EXPECT_EQ(message(call(R"({"jsonrpc":"2.0","id":1,"method":5})")), "\"method\" must be a string");
  EXPECT_EQ(message(call(R"({"jsonrpc":"2.0","id":{},"method":"port.del"})")),
            "\"id\" must be an integer or a string");
  auto unknown = call(R"({"jsonrpc":"2.0","id":2,"method":"port.explode","params":{}})");
  EXPECT_EQ(code(unknown), -32601);
  EXPECT_EQ(message(unknown), "unknown method 'port.explode' (API version 1)");
  auto positional = call(R"({"jsonrpc":"2.0","id":3,"method":"port.del","params":["a"]})");
  EXPECT_EQ(message(positional), "port.del: params must be an object (by-name parameters)");
  EXPECT_TRUE(calls.empty()) << "no invalid request reached a handler";
}

TEST_F(DispatcherTest, InvalidParamsNameTheField) {
  hello();
  auto missing = call(R"({"jsonrpc":"2.0","id":4,"method":"port.del","params":{}})");
  EXPECT_EQ(code(missing), -32602);
  EXPECT_EQ(message(missing), "port.del: params.name: required field is missing");
  auto typo = call(R"({"jsonrpc":"2.0","id":5,"method":"port.del","params":{"name":"a","force":true}})");
  EXPECT_EQ(message(typo),
            "port.del: params: unknown field 'force' (known fields: name, missing_ok)");
  auto wrong = call(R"({"jsonrpc":"2.0","id":6,"method":"port.del","params":{"name":3}})");
  EXPECT_EQ(message(wrong), "port.del: params.name: expected string, got integer");
  EXPECT_TRUE(calls.empty());
}

TEST_F(DispatcherTest, HandlerErrorsKeepTheirCode) {
  hello();
  auto ok = call(R"({"jsonrpc":"2.0","id":"x","method":"port.del","params":{"name":"a"}})");
  EXPECT_EQ(ok["id"], "x");
  EXPECT_EQ(ok["result"], json::object());
  auto missing = call(R"({"jsonrpc":"2.0","id":8,"method":"port.del","params":{"name":"ghost"}})");
  EXPECT_EQ(code(missing), -32001);
  EXPECT_EQ(message(missing), "port 'ghost' does not exist");
}

TEST_F(DispatcherTest, NotificationsGetNoResponse) {
  hello();
  EXPECT_TRUE(call(R"({"jsonrpc":"2.0","method":"port.del","params":{"name":"a"}})").is_null());
  EXPECT_EQ(calls, std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace nfv::rpc
