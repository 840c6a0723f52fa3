// Reply encoding: never throws, and a reply over the limit becomes an error for its id.
#include "nfv/rpc/reply.h"

#include <gtest/gtest.h>

#include <string>

namespace nfv::rpc {
namespace {

using api::json;

TEST(EncodeReply, OneLinePerReply) {
  auto line = encode_reply(api::make_result_response(7, json::object()), 1024);
  EXPECT_EQ(line, R"({"jsonrpc":"2.0","id":7,"result":{}})"
                  "\n");
}

TEST(EncodeReply, BytesThatAreNotUtf8AreReplacedNotThrown) {
  auto response = api::make_error_response(1, api::ErrorCode::kFailed, "bad \xff\xfe bytes");
  ASSERT_THROW((void)response.dump(), json::type_error) << "what the replacement avoids";
  auto line = encode_reply(response, 1024);
  auto parsed = json::parse(line);
  EXPECT_EQ(parsed["error"]["message"], "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
}

TEST(EncodeReply, AnOversizedReplyBecomesAnErrorNamingTheLimit) {
  json big = json::array();
  for (int i = 0; i < 1000; ++i) big.push_back("entry-" + std::to_string(i));
  auto line = encode_reply(api::make_result_response("list-1", big), 4096);
  EXPECT_LE(line.size(), 4096u);
  auto parsed = json::parse(line);
  EXPECT_EQ(parsed["id"], "list-1");
  EXPECT_EQ(parsed["error"]["code"], static_cast<int>(api::ErrorCode::kResourceExhausted));
  std::string message = parsed["error"]["message"];
  EXPECT_NE(message.find("limit of 4096 bytes"), std::string::npos) << message;
  EXPECT_NE(message.find("'limit'"), std::string::npos) << message;
  EXPECT_NE(message.find("'offset'"), std::string::npos) << message;
  EXPECT_NE(message.find("mac.list"), std::string::npos) << message;
}

}  // namespace
}  // namespace nfv::rpc
