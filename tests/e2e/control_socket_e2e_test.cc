// nfv-switch's control socket against a hostile client: a request nested 100000 deep, sent
// half-closed, is an error reply; the switch keeps running and serving.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "nfv/testing/line_client.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_process.h"

namespace nfv::testing {
namespace {

TEST(ControlSocket, ADeeplyNestedRequestIsAnErrorAndTheSwitchKeepsServing) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SwitchProcessOptions options;
  options.args = {"--port", "a,type=vhost", "--control-max-clients", "8"};
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, options));

  NFV_ASSERT_OK_AND_ASSIGN(LineClient raw, LineClient::connect(sw.control_socket()));
  NFV_ASSERT_OK(raw.send(LineClient::hello(1) + std::string(100000, '[') + "\n"));
  raw.shutdown_write();  // as nc -N does: the replies must still come
  auto deadline = Clock::now() + std::chrono::seconds(10);
  auto hello = raw.read_line(deadline);
  ASSERT_TRUE(hello) << "no reply to api.hello";
  auto reply = raw.read_line(deadline);
  ASSERT_TRUE(reply) << "no reply to the nested request";
  auto error = nlohmann::json::parse(*reply);
  EXPECT_EQ(error["error"]["code"], static_cast<int>(api::ErrorCode::kInvalidRequest));
  EXPECT_NE(error["error"]["message"].get<std::string>().find("deeper than 64 levels"),
            std::string::npos)
      << *reply;
  EXPECT_TRUE(raw.wait_closed(deadline));

  auto ports = sw.client().call(api::kPortList);
  ASSERT_TRUE(ports) << ports.error().message;
  EXPECT_EQ(ports->ports.size(), 1u);
  auto stopped = sw.stop();
  ASSERT_TRUE(stopped) << stopped.error().message;
  EXPECT_TRUE(stopped->success()) << stopped->describe();
}

}  // namespace
}  // namespace nfv::testing
