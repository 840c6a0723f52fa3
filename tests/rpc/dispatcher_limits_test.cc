// The dispatcher on hostile input: any bytes, any depth, any handler failure is an error
// response, never a crash.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "nfv/rpc/dispatcher.h"

namespace nfv::rpc {
namespace {

using api::json;

class DispatcherLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dispatcher.add(api::kSwitchInfo, [](const api::Empty&) -> Result<api::SwitchInfo> {
      throw std::runtime_error("table corrupted");
    });
    dispatcher.add(api::kPortList, [](const api::Empty&) -> Result<api::PortList> { throw 42; });
    call(R"({"jsonrpc":"2.0","id":0,"method":"api.hello","params":{"api_version":1}})");
  }
  json call(const std::string& line) { return dispatcher.handle(line, session); }

  Dispatcher dispatcher{ServerIdentity{"test-server", "9.9"}};
  Session session;
};

TEST_F(DispatcherLimitsTest, HelloAnswersWithTheServerIdentity) {
  auto hello = call(R"({"jsonrpc":"2.0","id":1,"method":"api.hello","params":{"api_version":1}})");
  EXPECT_EQ(hello["result"]["server"], "test-server");
  EXPECT_EQ(hello["result"]["version"], "9.9");
  auto old = call(R"({"jsonrpc":"2.0","id":2,"method":"api.hello","params":{"api_version":99}})");
  EXPECT_NE(old["error"]["message"].get<std::string>().find("this test-server speaks"),
            std::string::npos);
}

TEST_F(DispatcherLimitsTest, DeepNestingIsRefusedBeforeParsing) {
  for (const std::string& deep :
       {std::string(100000, '['), std::string(100000, '[') + std::string(100000, ']'),
        R"({"jsonrpc":"2.0","id":1,"method":"port.list","params":{"a":)" + std::string(65, '[')}) {
    auto response = call(deep);
    EXPECT_EQ(response["error"]["code"], static_cast<int>(api::ErrorCode::kInvalidRequest));
    EXPECT_EQ(response["error"]["message"],
              "request nests arrays and objects deeper than 64 levels, this server's limit");
  }
}

TEST_F(DispatcherLimitsTest, GarbageIsAParseError) {
  for (const std::string& garbage :
       {std::string("\0\0\0", 3), std::string("\xff\xfe\xfd"),
        std::string(R"({"jsonrpc":"2.0","id":1,"method":")") + "\xff\xfe" + "\"}"}) {
    EXPECT_EQ(call(garbage)["error"]["code"], static_cast<int>(api::ErrorCode::kParseError));
  }
}

TEST_F(DispatcherLimitsTest, AThrowingHandlerIsAnInternalError) {
  auto thrown = call(R"({"jsonrpc":"2.0","id":3,"method":"switch.info"})");
  EXPECT_EQ(thrown["error"]["code"], static_cast<int>(api::ErrorCode::kInternalError));
  EXPECT_EQ(thrown["error"]["message"], "switch.info: internal error: table corrupted");
  auto odd = call(R"({"jsonrpc":"2.0","id":4,"method":"port.list"})");
  EXPECT_EQ(odd["error"]["code"], static_cast<int>(api::ErrorCode::kInternalError));
  EXPECT_EQ(odd["id"], 4);
}

TEST_F(DispatcherLimitsTest, CompletenessIsCheckedAgainstTheGivenMethods) {
  EXPECT_EQ(dispatcher.unbound_methods(std::tuple{api::kHello, api::kSwitchInfo, api::kPortList}),
            std::vector<std::string>{});
  EXPECT_EQ(dispatcher.unbound_methods(std::tuple{api::kSwitchInfo, api::kPortDel}),
            std::vector<std::string>{"port.del"});
}

}  // namespace
}  // namespace nfv::rpc
