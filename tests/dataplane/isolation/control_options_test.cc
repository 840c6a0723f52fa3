// nfv-switch's control socket limits on the command line: defaults, values, bounds.
#include <gtest/gtest.h>

#include <chrono>

#include "nfv/dataplane/options.h"

namespace nfv::dp {
namespace {

Result<ParsedOptions> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "nfv-switch");
  return parse_switch_options(static_cast<int>(args.size()), args.data(), 4);
}

TEST(ControlOptions, DefaultsServe64ClientsWithAFiveMinuteIdleTimeout) {
  auto parsed = parse({});
  ASSERT_TRUE(parsed) << parsed.error().message;
  const rpc::ServerLimits& limits = parsed->options.control_limits;
  EXPECT_EQ(limits.max_clients, 64u);
  EXPECT_EQ(limits.idle_timeout, std::chrono::seconds(300));
  EXPECT_EQ(limits.max_reply_bytes, 16u << 20);
  EXPECT_TRUE(rpc::validate(limits));
}

TEST(ControlOptions, ValuesAreTaken) {
  auto parsed = parse({"--control-max-clients", "8", "--control-idle-timeout-s", "30",
                       "--control-max-reply-mb", "64"});
  ASSERT_TRUE(parsed) << parsed.error().message;
  const rpc::ServerLimits& limits = parsed->options.control_limits;
  EXPECT_EQ(limits.max_clients, 8u);
  EXPECT_EQ(limits.idle_timeout, std::chrono::seconds(30));
  EXPECT_EQ(limits.max_reply_bytes, 64u << 20);
  EXPECT_GE(limits.max_pending_output_bytes, limits.max_reply_bytes);
  EXPECT_TRUE(rpc::validate(limits));
}

TEST(ControlOptions, BoundsNameTheOption) {
  EXPECT_EQ(parse({"--control-max-clients", "0"}).error().message,
            "--control-max-clients 0: must be within [1, 1024]");
  EXPECT_EQ(parse({"--control-idle-timeout-s", "90000"}).error().message,
            "--control-idle-timeout-s 90000: must be within [1, 86400]");
  EXPECT_EQ(parse({"--control-max-reply-mb", "2048"}).error().message,
            "--control-max-reply-mb 2048: must be within [1, 1024]");
  auto help = parse({"--help"});
  ASSERT_TRUE(help);
  for (const char* option :
       {"--control-max-clients", "--control-idle-timeout-s", "--control-max-reply-mb"}) {
    EXPECT_NE(help->text.find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace nfv::dp
