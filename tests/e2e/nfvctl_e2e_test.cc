// nfvctl against a running nfv-switch, as an operator drives it from the shell: tables for
// people, JSON for scripts (`-j` before or after the command), errors that name the object
// and exit non-zero without changing anything.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "nfv/api/drop_reasons.h"
#include "nfv/testing/guests.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_process.h"
#include "nfv/testing/test_binaries.h"

namespace nfv::testing {
namespace {

struct CliRun {
  int code = -1;
  std::string output;  // stdout and stderr
};

CliRun nfvctl(const TestDir& dir, const SwitchProcess& sw, std::vector<std::string> args) {
  static int runs = 0;
  auto binary = test_binary_path("nfvctl");
  EXPECT_TRUE(binary) << binary.error().message;
  SubprocessOptions options;
  options.argv = {*binary, "-s", sw.control_socket()};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.log_path = dir.file("nfvctl-" + std::to_string(++runs) + ".out");
  options.pipe_stdin = false;
  options.pipe_stdout = false;
  auto process = Subprocess::start(options);
  EXPECT_TRUE(process) << process.error().message;
  auto status = process->wait(Clock::now() + std::chrono::seconds(20));
  EXPECT_TRUE(status) << status.error().message;
  std::ifstream in(options.log_path);
  std::stringstream text;
  text << in.rdbuf();
  return {status->exited ? status->code : -1, text.str()};
}

nlohmann::json parse(const CliRun& run) {
  auto value = nlohmann::json::parse(run.output, nullptr, false);
  EXPECT_FALSE(value.is_discarded()) << "not JSON:\n" << run.output;
  return value;
}

TEST(Nfvctl, DrivesARunningSwitch) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SwitchProcessOptions options;
  options.args = {"--port", "a,type=vhost", "--bridge", "br0:a"};
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, options));

  CliRun added = nfvctl(dir, sw, {"port", "add", "b", "--type", "vhost", "--bridge", "br0"});
  ASSERT_EQ(added.code, 0) << added.output;
  CliRun table = nfvctl(dir, sw, {"port", "list"});
  ASSERT_EQ(table.code, 0) << table.output;
  EXPECT_NE(table.output.find("br0"), std::string::npos) << table.output;

  for (auto args : {std::vector<std::string>{"-j", "stats"}, {"stats", "--json"}}) {
    CliRun stats = nfvctl(dir, sw, args);
    ASSERT_EQ(stats.code, 0) << stats.output;
    auto json = parse(stats);
    ASSERT_EQ(json["ports"].size(), 2u) << json.dump();
    EXPECT_EQ(json["ports"][1]["name"], "b");
    EXPECT_EQ(json["ports"][1]["drops"].size(), api::kDropReasonCount);
  }

  CliRun missing = nfvctl(dir, sw, {"port", "del", "nosuch"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.output.find("nosuch"), std::string::npos) << missing.output;
  CliRun bad_vlan = nfvctl(dir, sw, {"vlan", "set", "b", "--mode", "access", "--tag", "5000"});
  EXPECT_NE(bad_vlan.code, 0);
  EXPECT_NE(bad_vlan.output.find("5000"), std::string::npos) << bad_vlan.output;
  auto ports = parse(nfvctl(dir, sw, {"-j", "port", "list"}));
  ASSERT_EQ(ports["ports"].size(), 2u) << "the failed commands changed nothing";
  EXPECT_EQ(ports["ports"][1]["vlan"]["mode"], "trunk") << ports.dump();
}

}  // namespace
}  // namespace nfv::testing
