// nfvctl top against a fake nfvd (nfvd.telemetry answering canned samples) and a fake switch
// (counters that grow by known amounts per read): the sample and the history as data, the
// text view, the fallback to the switch when nfvd does not answer or serves no telemetry, and
// the line mode scripts read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <sstream>

#include "fake_rpc_server.h"
#include "nfv/api/switch_api.h"
#include "nfv/api/telemetry_api.h"
#include "nfv/nfvctl/switch_commands.h"
#include "nfv/testing/command_run.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::nfvctl {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

api::TelemetrySample canned_sample(const std::string& utc, double rx_pps) {
  api::TelemetrySample sample;
  sample.time_s = 100;
  sample.utc = utc;
  sample.interval_s = 1;
  sample.switch_up = true;
  api::TelemetryPort port;
  port.name = "vm1";
  port.kind = "vhost";
  port.bridge = "br0";
  port.guest = "vm-a";
  port.rx_pps = rx_pps;
  port.loss_ratio = 0.25;
  port.drop_pps = {{"tx_queue_full", 250}};
  port.verdict = api::kVerdictGuestStarved;
  port.verdict_text = "guest vm-a's vCPUs wait for a host CPU";
  sample.ports.push_back(port);
  api::TelemetryGuest guest;
  guest.name = "vm-a";
  guest.up = true;
  guest.ports = {"vm1"};
  sample.guests.push_back(guest);
  return sample;
}

// Per read: 1 s later, 1000 frames received, 1000 offered for delivery, 10 of them dropped.
api::StatsResult growing_stats(uint64_t reads) {
  api::PortStats port;
  port.name = "vm1";
  port.rx_packets = port.forwarded = 1000 * reads;
  port.rx_bytes = 64000 * reads;
  port.tx_attempts = 1000 * reads;
  port.tx_packets = 990 * reads;
  port.tx_bytes = 990 * 64 * reads;
  port.tx_dropped = 10 * reads;
  return api::StatsResult{static_cast<double>(reads), {port}};
}

class TopCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NFV_ASSERT_OK_AND_ASSIGN(auto dir, nfv::testing::TestDir::create());
    dir_.emplace(std::move(dir));
    register_switch_commands(registry_);
  }

  void start_nfvd(bool serves_telemetry) {
    if (serves_telemetry) {
      nfvd_.dispatcher().add(api::kNfvdTelemetry, [](const api::TelemetryParams& p) {
        api::TelemetryHistory history;
        history.interval_s = 1;
        history.history_s = 300;
        uint32_t count = std::min<uint32_t>(p.seconds, 3);
        for (uint32_t i = 3 - count; i < 3; ++i) {
          history.samples.push_back(
              canned_sample("2026-12-07T14:00:0" + std::to_string(i) + "Z", 1000.0 * (i + 1)));
        }
        return Result<api::TelemetryHistory>(history);
      });
    }
    nfvd_.start(dir_->file("nfvd.sock"));
  }

  void start_switch() {
    auto& d = switch_.dispatcher();
    d.add(api::kStatsGet, [this](const api::StatsParams&) {
      return Result<api::StatsResult>(growing_stats(++stats_reads_));
    });
    d.add(api::kPortList, [](const api::Empty&) { return Result<api::PortList>(api::PortList{}); });
    d.add(api::kPmdList, [](const api::Empty&) { return Result<api::PmdList>(api::PmdList{}); });
    d.add(api::kBridgeList,
          [](const api::Empty&) { return Result<api::BridgeList>(api::BridgeList{}); });
    switch_.start(dir_->file("switch.sock"));
  }

  nfv::testing::CommandRun top(std::vector<std::string> args, bool json) {
    std::ostringstream out, err;
    cli::Context ctx;
    ctx.json = json;
    ctx.out = &out;
    ctx.err = &err;
    ctx.switch_socket = dir_->file("switch.sock");
    ctx.nfvd_socket = dir_->file("nfvd.sock");
    size_t consumed = 0;
    args.insert(args.begin(), "top");
    const cli::Command* command = registry_.find(args, consumed);
    EXPECT_NE(command, nullptr);
    if (command == nullptr) return {};
    int code = command->run(ctx, {args.begin() + static_cast<long>(consumed), args.end()});
    return {code, out.str(), err.str()};
  }

  std::optional<nfv::testing::TestDir> dir_;
  cli::Registry registry_;
  nfv::testing::FakeRpcServer nfvd_{"nfvd"};
  nfv::testing::FakeRpcServer switch_{"nfv-switch"};
  uint64_t stats_reads_ = 0;  // on the switch's serving thread only
};

TEST_F(TopCommandTest, OnceJsonIsNfvdsNewestSample) {
  start_nfvd(true);
  auto run = top({"--once"}, true);
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err;
  auto sample = run.json();
  EXPECT_EQ(sample,
            nlohmann::json::parse(api::to_wire(canned_sample("2026-12-07T14:00:02Z", 3000)).dump()))
      << "the newest sample, as nfvd sent it";
  EXPECT_EQ(run.err, "") << "nfvd answered: nothing to say";
}

TEST_F(TopCommandTest, SecondsJsonIsTheHistory) {
  start_nfvd(true);
  auto run = top({"--seconds", "2"}, true);
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err;
  auto history = run.json();
  EXPECT_EQ(history["history_s"], 300);
  ASSERT_EQ(history["samples"].size(), 2u);
  EXPECT_EQ(history["samples"][0]["utc"], "2026-12-07T14:00:01Z") << "oldest first";
  EXPECT_EQ(history["samples"][1]["ports"][0]["verdict"], "guest_starved");
  auto text = top({"--seconds", "2", "--filter", "vm"}, false);
  ASSERT_EQ(text.exit_code, cli::kExitOk) << text.err;
  EXPECT_THAT(text.out,
              AllOf(HasSubstr("2 samples, one every 1.0 s"),
                    HasSubstr("2026-12-07T14:00:01Z  vm1   2.0 kpps"), HasSubstr("guest_starved")));
}

TEST_F(TopCommandTest, OnceTextShowsTheViewWithTheVerdictSentence) {
  start_nfvd(true);
  auto run = top({"--once", "--sort", "name"}, false);
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err;
  EXPECT_THAT(
      run.out,
      AllOf(HasSubstr("2026-12-07T14:00:02Z  switch up  interval 1.0 s  sort name"),
            HasSubstr("tx_queue_full 250 pps"),
            HasSubstr("port vm1: guest vm-a's vCPUs wait for a host CPU"), HasSubstr("GUEST")));
  EXPECT_EQ(top({"--once", "--sort", "bytes"}, false).exit_code, cli::kExitUsage);
}

TEST_F(TopCommandTest, WithoutNfvdTheSwitchIsSampledHere) {
  start_switch();
  auto run = top({"--once", "--interval", "0.1"}, true);
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err;
  auto sample = run.json();
  for (const char* field : {"time_s", "utc", "interval_s", "switch_up", "error", "ports", "pmds",
                            "bridges", "guests"}) {
    EXPECT_TRUE(sample.contains(field)) << field << " in " << sample.dump();
  }
  EXPECT_THAT(run.err, AllOf(HasSubstr("nfvd not running at " + dir_->file("nfvd.sock")),
                             HasSubstr("reading the switch at " + dir_->file("switch.sock"))));
  auto text = top({"--once", "--interval", "0.1"}, false);
  ASSERT_EQ(text.exit_code, cli::kExitOk) << text.err;
  EXPECT_THAT(text.out, HasSubstr("from the switch (nfvd not running: no guests, no attribution)"));
}

TEST_F(TopCommandTest, AnNfvdWithoutTelemetryFallsBackToTheSwitch) {
  start_nfvd(false);
  start_switch();
  auto run = top({"--once", "--interval", "0.1"}, false);
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err;
  EXPECT_THAT(run.out, HasSubstr("from the switch (nfvd serves no telemetry: no guests"));
}

TEST_F(TopCommandTest, NeitherNfvdNorTheSwitchIsAnErrorNamingTheSwitch) {
  auto run = top({"--once", "--interval", "0.1"}, false);
  EXPECT_EQ(run.exit_code, cli::kExitError);
  EXPECT_THAT(run.err, HasSubstr(dir_->file("switch.sock")));
}

TEST_F(TopCommandTest, LineModeCountsLinesWithLossPercent) {
  start_switch();
  auto run = top({"--count", "2", "--interval", "0.1"}, false);
  ASSERT_EQ(run.exit_code, cli::kExitOk) << run.err;
  EXPECT_EQ(run.out,
            "    1.0s  vm1: rx 1.0 kpps tx 990 pps lost 10 (0.50%)\n"
            "    2.0s  vm1: rx 1.0 kpps tx 990 pps lost 10 (0.50%)\n")
      << "the switch's clock says 1 s between reads; 10 of 2000 frames lost";
  auto json = top({"--count", "1", "--interval", "0.1"}, true);
  ASSERT_EQ(json.exit_code, cli::kExitOk) << json.err;
  EXPECT_DOUBLE_EQ(json.json()["ports"][0]["loss_ratio"].get<double>(), 0.005);
}

TEST_F(TopCommandTest, HelpDescribesTheViewKeysAndSources) {
  auto run = top({"--help"}, false);
  EXPECT_EQ(run.exit_code, cli::kExitOk);
  EXPECT_THAT(run.out, AllOf(HasSubstr("q quit, l/r/t/n sort by loss/rx/tx/name"),
                             HasSubstr("--nfvd-socket"), HasSubstr("--once"),
                             HasSubstr("--seconds"), HasSubstr("--count"), HasSubstr("--filter")));
}

}  // namespace
}  // namespace nfv::nfvctl
