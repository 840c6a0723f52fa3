// nfvd's methods without a switch: config checks name file, line and column; a request with a
// wrong field is refused by the dispatcher with the field named; a switch that does not answer
// is an error naming its socket and the option to fix it; and the command line's usage errors.
#include "nfv/nfvd/service.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "nfv/nfvd/methods.h"
#include "nfv/nfvd/nfvd_telemetry.h"
#include "nfv/nfvd/options.h"
#include "nfv/testing/result_assertions.h"

namespace nfv::nfvd {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/nfvd-service-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  ServiceOptions options() const {
    ServiceOptions o{dir_ + "/state", dir_ + "/no-switch.sock"};
    o.vf_allocations = dir_ + "/vf-allocations.json";  // never the host's
    return o;
  }

  std::string dir_;
};

api::NfvdConfigParams text(std::string yaml) {
  api::NfvdConfigParams params;
  params.config_text = std::move(yaml);
  params.config_path = "host.yaml";
  return params;
}

TEST_F(ServiceTest, CheckCountsTheSwitchObjectsOrNamesTheFault) {
  NFV_ASSERT_OK_AND_ASSIGN(Service service, Service::open(options()));
  api::NfvdCheckResult good = service.check(
      text("switch: {}\nports:\n  - {name: a, vdev: net_null0}\nbridges:\n  - {name: b, "
           "ports: [a]}\n"));
  EXPECT_TRUE(good.valid);
  EXPECT_THAT(good.errors, IsEmpty());
  EXPECT_EQ(good.ports, 1u);
  EXPECT_EQ(good.bridges, 1u);
  api::NfvdCheckResult bad = service.check(text("switch: {}\nports:\n  - {name: a, vdv: x}\n"));
  EXPECT_FALSE(bad.valid);
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_THAT(bad.errors[0], HasSubstr("host.yaml:3:"));
  EXPECT_THAT(bad.errors[0], HasSubstr("did you mean 'vdev'"));
}

TEST_F(ServiceTest, CheckLeavesWhetherTheSriovPfsExistToPreflight) {
  NFV_ASSERT_OK_AND_ASSIGN(Service service, Service::open(options()));
  api::NfvdCheckResult checked = service.check(text("sriov:\n  - {pf: nosuchpf0, vfs: 2}\n"));
  EXPECT_TRUE(checked.valid);
  EXPECT_THAT(checked.errors, IsEmpty());
}

TEST_F(ServiceTest, ASwitchThatDoesNotAnswerIsNamedWithTheFix) {
  NFV_ASSERT_OK_AND_ASSIGN(Service service, Service::open(options()));
  auto diff = service.diff(text("switch: {}\n"));
  ASSERT_FALSE(diff);
  EXPECT_EQ(diff.error().code, static_cast<int>(api::ErrorCode::kFailed));
  EXPECT_THAT(diff.error().message, HasSubstr(dir_ + "/no-switch.sock"));
  EXPECT_THAT(diff.error().message, HasSubstr("--switch-socket"));
  api::NfvdStatus status = service.status();
  EXPECT_FALSE(status.switch_reachable);
  EXPECT_EQ(status.config_path, "");
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/state")) << "nothing applied, nothing written";
}

TEST_F(ServiceTest, ADamagedStateFileStopsTheStartWithItsName) {
  std::filesystem::create_directories(dir_ + "/state");
  std::ofstream(dir_ + "/state/state.json") << "{not json";
  auto service = Service::open(options());
  ASSERT_FALSE(service);
  EXPECT_THAT(service.error().message, HasSubstr("state.json is not valid JSON"));
}

TEST_F(ServiceTest, TheDispatcherServesEveryMethodAndNamesAWrongField) {
  NFV_ASSERT_OK_AND_ASSIGN(Service service, Service::open(options()));
  rpc::Dispatcher dispatcher(nfvd_identity());
  register_nfvd_methods(dispatcher, service);
  TelemetryOptions telemetry_options;
  telemetry_options.switch_socket = dir_ + "/no-switch.sock";
  telemetry_options.metrics = false;
  NFV_ASSERT_OK_AND_ASSIGN(auto telemetry, NfvdTelemetry::start(telemetry_options));
  register_telemetry_methods(dispatcher, *telemetry);
  EXPECT_THAT(dispatcher.unbound_methods(api::kNfvdMethods), IsEmpty());
  rpc::Session session;
  session.greeted = true;
  api::json reply = dispatcher.handle(
      R"({"jsonrpc":"2.0","id":1,"method":"nfvd.check","params":{"config":"x"}})", session);
  ASSERT_TRUE(reply.contains("error")) << reply.dump();
  EXPECT_EQ(reply["error"]["code"], static_cast<int>(api::ErrorCode::kInvalidParams));
  EXPECT_THAT(reply["error"]["message"].get<std::string>(), HasSubstr("config"));
  api::json status =
      dispatcher.handle(R"({"jsonrpc":"2.0","id":2,"method":"nfvd.status"})", session);
  EXPECT_EQ(status["result"]["switch_reachable"], false) << status.dump();
}

TEST_F(ServiceTest, ReloadWithoutAnAppliedFileSaysWhatToRun) {
  NFV_ASSERT_OK_AND_ASSIGN(Service service, Service::open(options()));
  auto reloaded = service.reload();
  ASSERT_FALSE(reloaded);
  EXPECT_THAT(reloaded.error().message, HasSubstr("nfvctl apply FILE"));
}

// SIGHUP's reload of a file that was broken since its apply: nothing changes, the error names
// the file, the line and the fault, and the switch is not even asked.
TEST_F(ServiceTest, ReloadOfABrokenFileChangesNothingAndSaysWhy) {
  std::string file = dir_ + "/host.yaml";
  PersistentState applied;
  applied.config_path = file;
  applied.config_text = "switch: {}\n";
  applied.last_result = "ok";
  applied.owned.ports = {"a"};
  ASSERT_TRUE(save_state(dir_ + "/state", applied));
  std::ofstream(file) << "switch: {}\nports:\n  - {name: a, vdv: x}\n";
  NFV_ASSERT_OK_AND_ASSIGN(Service service, Service::open(options()));
  auto reloaded = service.reload();
  ASSERT_FALSE(reloaded);
  EXPECT_THAT(reloaded.error().message, HasSubstr(file + ":3:"));
  EXPECT_THAT(reloaded.error().message, HasSubstr("vdv"));
  NFV_ASSERT_OK_AND_ASSIGN(PersistentState after, load_state(dir_ + "/state"));
  EXPECT_EQ(after.config_text, "switch: {}\n");
  EXPECT_EQ(after.last_result, "ok");
  EXPECT_EQ(service.owner().ports, std::vector<std::string>{"a"});
  std::filesystem::remove(file);
  auto gone = service.reload();
  ASSERT_FALSE(gone);
  EXPECT_THAT(gone.error().message, HasSubstr("cannot read config file " + file));
}

// Malformed requests are refused by the dispatcher or the service with what is wrong in them.
TEST_F(ServiceTest, MalformedRequestsSayWhatIsWrong) {
  NFV_ASSERT_OK_AND_ASSIGN(Service service, Service::open(options()));
  rpc::Dispatcher dispatcher(nfvd_identity());
  register_nfvd_methods(dispatcher, service);
  rpc::Session session;
  session.greeted = true;
  auto error_of = [&](const std::string& request) {
    api::json reply = dispatcher.handle(request, session);
    EXPECT_TRUE(reply.contains("error")) << reply.dump();
    return reply.value("error", api::json::object());
  };
  api::json wrong_type =
      error_of(R"({"jsonrpc":"2.0","id":1,"method":"nfvd.diff","params":{"config_text":5}})");
  EXPECT_EQ(wrong_type["code"], static_cast<int>(api::ErrorCode::kInvalidParams));
  EXPECT_THAT(wrong_type["message"].get<std::string>(), HasSubstr("config_text"));
  api::json neither = error_of(R"({"jsonrpc":"2.0","id":2,"method":"nfvd.check","params":{}})");
  EXPECT_EQ(neither["code"], static_cast<int>(api::ErrorCode::kInvalidParams));
  EXPECT_THAT(neither["message"].get<std::string>(), HasSubstr("config_text is required"));
  // nfvd (root) reads no file a client names: a path alone is refused, the file left unread.
  for (const char* method : {"nfvd.check", "nfvd.diff", "nfvd.apply"}) {
    api::json path_only = error_of(fmt::format(
        R"({{"jsonrpc":"2.0","id":7,"method":"{}","params":{{"config_path":"/etc/shadow"}}}})",
        method));
    EXPECT_THAT(path_only["message"].get<std::string>(), HasSubstr("config_text is required"));
    EXPECT_THAT(path_only.dump(), Not(HasSubstr("root")));
  }
  api::json not_object = error_of(R"({"jsonrpc":"2.0","id":3,"method":"nfvd.apply","params":[1]})");
  EXPECT_EQ(not_object["code"], static_cast<int>(api::ErrorCode::kInvalidParams));
  api::json extra =
      error_of(R"({"jsonrpc":"2.0","id":4,"method":"nfvd.owner","params":{"port":"a"}})");
  EXPECT_THAT(extra["message"].get<std::string>(), HasSubstr("port"));
  api::json unknown = error_of(R"({"jsonrpc":"2.0","id":5,"method":"nfvd.frobnicate"})");
  EXPECT_THAT(unknown["message"].get<std::string>(), HasSubstr("nfvd.frobnicate"));
  api::json owner = dispatcher.handle(R"({"jsonrpc":"2.0","id":6,"method":"nfvd.owner"})", session);
  EXPECT_EQ(owner["result"]["ports"], api::json::array()) << owner.dump();
}

TEST(NfvdOptions, DefaultsAndUsageErrors) {
  const char* plain[] = {"nfvd"};
  NFV_ASSERT_OK_AND_ASSIGN(ParsedOptions parsed, parse_nfvd_options(1, plain));
  EXPECT_EQ(parsed.options.state_dir, "/var/lib/nfvd");
  EXPECT_EQ(parsed.options.socket, "/run/nfvd/nfvd.sock");
  const char* check_alone[] = {"nfvd", "--check-config"};
  auto missing = parse_nfvd_options(2, check_alone);
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("--config"));
  const char* level[] = {"nfvd", "--log-level", "loud"};
  auto wrong = parse_nfvd_options(3, level);
  ASSERT_FALSE(wrong);
  EXPECT_THAT(wrong.error().message, HasSubstr("loud"));
  const char* help[] = {"nfvd", "--help"};
  NFV_ASSERT_OK_AND_ASSIGN(ParsedOptions shown, parse_nfvd_options(2, help));
  EXPECT_EQ(shown.outcome, ParseOutcome::kExitOk);
  EXPECT_THAT(shown.text, HasSubstr("adopted as it is"));
  EXPECT_THAT(shown.text, HasSubstr("--stop-switch-on-exit"));
  EXPECT_FALSE(parsed.options.stop_switch_on_exit) << "stopping nfvd leaves the switch running";
  const char* supervise[] = {"nfvd", "--switch-binary", "/opt/nfv-switch", "--stop-switch-on-exit"};
  NFV_ASSERT_OK_AND_ASSIGN(ParsedOptions supervised, parse_nfvd_options(4, supervise));
  EXPECT_EQ(supervised.options.switch_binary, "/opt/nfv-switch");
  EXPECT_TRUE(supervised.options.stop_switch_on_exit);
}

}  // namespace
}  // namespace nfv::nfvd
