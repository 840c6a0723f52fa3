// The supervisor when no switch answers: without a switch: section nothing is started and
// status says so; a switch that cannot start is an error naming the cause and its log.
// (Starting, adopting and restarting real switches: tests/e2e/nfvd_supervise_e2e_test.cc.)
#include "nfv/nfvd/switch_supervisor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::nfvd {
namespace {

using ::testing::HasSubstr;

class SwitchSupervisorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NFV_ASSERT_OK_AND_ASSIGN(auto dir, nfv::testing::TestDir::create());
    dir_.emplace(std::move(dir));
    NFV_ASSERT_OK_AND_ASSIGN(auto service,
                             Service::open({dir_->file("state"), dir_->file("none.sock")}));
    service_.emplace(std::move(service));
    NFV_ASSERT_OK_AND_ASSIGN(server_,
                             rpc::Server::listen(dir_->file("nfvd.sock"), "", &dispatcher_));
  }
  SupervisorOptions options() const {
    SupervisorOptions options;
    options.binary = dir_->file("no-such-switch");
    options.control_socket = dir_->file("none.sock");
    options.log_path = dir_->file("state/nfv-switch.log");
    return options;
  }
  // Starts a supervisor for `desired`, which must fail: the error's message.
  std::string start_error(std::optional<api::NfvdConfigParams> desired) {
    SwitchSupervisor supervisor(options(), *service_, *server_);
    auto started = supervisor.start(std::move(desired));
    EXPECT_FALSE(started) << "a switch was started";
    return started ? std::string() : started.error().message;
  }
  std::string switch_log() const {
    std::ifstream in(dir_->file("state/nfv-switch.log"));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::optional<nfv::testing::TestDir> dir_;
  std::optional<Service> service_;
  rpc::Dispatcher dispatcher_{rpc::ServerIdentity{"nfvd", "test"}};
  std::unique_ptr<rpc::Server> server_;
};

api::NfvdConfigParams config(const std::string& yaml) { return {yaml, "host.yaml"}; }

TEST_F(SwitchSupervisorTest, NoSwitchSectionNothingStarted) {
  std::string error = start_error(config("guests: []\n"));
  EXPECT_THAT(error, HasSubstr("no switch: section"));
  EXPECT_THAT(error, HasSubstr(dir_->file("none.sock")));
  api::NfvdSwitchProcess reported = service_->status().switch_process;
  EXPECT_EQ(reported.state, "absent");
  EXPECT_EQ(reported.pid, 0);
}

TEST_F(SwitchSupervisorTest, NoDesiredStateNothingStarted) {
  EXPECT_THAT(start_error(std::nullopt), HasSubstr("no desired state yet"));
}

TEST_F(SwitchSupervisorTest, ASwitchThatCannotStartNamesTheCauseAndItsLog) {
  std::string error = start_error(config("switch: {pmd_cpus: \"0\", no_huge: true}\n"));
  EXPECT_THAT(error, HasSubstr("ended during start-up (exit code 127)"));
  EXPECT_THAT(error, HasSubstr(dir_->file("state/nfv-switch.log")));
  EXPECT_THAT(switch_log(), HasSubstr("cannot execute " + dir_->file("no-such-switch")));
  EXPECT_EQ(service_->status().switch_process.state, "absent");
}

TEST(DesiredConfigParams, TheLastAppliedElseTheConfigOption) {
  PersistentState none;
  EXPECT_FALSE(desired_config_params(none, ""));
  auto from_option = desired_config_params(none, "/etc/nfv/host.yaml");
  ASSERT_TRUE(from_option);
  EXPECT_EQ(from_option->config_path, "/etc/nfv/host.yaml");
  EXPECT_TRUE(from_option->config_text.empty()) << "read when used";
  PersistentState applied;
  applied.config_path = "/srv/last.yaml";
  applied.config_text = "switch: {}\n";
  auto last = desired_config_params(applied, "/etc/nfv/host.yaml");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->config_path, "/srv/last.yaml");
  EXPECT_EQ(last->config_text, "switch: {}\n");
}

}  // namespace
}  // namespace nfv::nfvd
