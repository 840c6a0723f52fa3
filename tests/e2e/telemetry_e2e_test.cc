// The switch's DPDK telemetry read with DPDK's own client, dpdk-telemetry.py: after exactly N
// frames between two nfv-traffic guests, /nfv/stats,<port> carries the very counters stats.get
// gives (drops and receive queues included), /nfv/pmds the PMDs of pmd.list with cycles and
// packets between two pmd.list reads, /nfv/bridges the MAC table; an unknown port is null.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "nfv/api/fields.h"
#include "nfv/testing/guest_traffic.h"
#include "nfv/testing/guests.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_guests.h"
#include "nfv/testing/switch_process.h"

namespace nfv::testing {
namespace {

using nlohmann::json;

constexpr const char* kTelemetryClient = "/usr/bin/dpdk-telemetry.py";
constexpr uint64_t kFrames = 1000;

// Every command's reply, in order, from one run of dpdk-telemetry.py against the switch.
Result<std::vector<json>> telemetry(const TestDir& dir, const SwitchProcess& sw,
                                    const std::vector<std::string>& commands) {
  SubprocessOptions options;
  options.argv = {"python3", kTelemetryClient, "-f", sw.file_prefix()};
  options.log_path = dir.file("dpdk-telemetry.log");
  auto started = Subprocess::start(options);
  if (!started) return std::move(started).error();
  Subprocess client = std::move(started).value();
  for (const std::string& command : commands) NFV_TRY(client.write_line(command));
  client.close_stdin();
  std::vector<json> replies;
  auto deadline = Clock::now() + 20s;
  while (replies.size() < commands.size()) {
    auto line = client.read_line(deadline);
    if (!line) {
      return make_error("dpdk-telemetry.py answered {} of {} commands: {}\n{}", replies.size(),
                        commands.size(), line.error().message, client.log_tail());
    }
    json reply = json::parse(*line, nullptr, /*allow_exceptions=*/false);
    if (reply.is_discarded()) return make_error("dpdk-telemetry.py printed '{}'", *line);
    replies.push_back(std::move(reply));
  }
  return replies;
}

// stats.get's port as /nfv/stats shows it: receive queues keyed by their number.
json as_telemetry(const api::PortStats& stats) {
  json port = api::to_wire(stats);
  json queues = json::object();
  for (const json& q : port["rx_queues"]) queues[std::to_string(q["queue"].get<int>())] = q;
  port["rx_queues"] = queues;
  return port;
}

Result<api::StatsResult> all_stats(SwitchProcess& sw) {
  return sw.client().call(api::kStatsGet, api::StatsParams{});
}

class TelemetryClient : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!exists(kTelemetryClient)) GTEST_SKIP() << kTelemetryClient << " (package dpdk) missing";
    NFV_ASSERT_OK_AND_ASSIGN(TestDir made, TestDir::create());
    dir_.emplace(std::move(made));
    NFV_ASSERT_OK_AND_ASSIGN(
        SwitchProcess started,
        SwitchProcess::start(*dir_, vhost_switch({"a", "b"}, {"--bridge", "br0:a,b"})));
    sw_.emplace(std::move(started));
    NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(*dir_, *sw_, "a", kMacA));
    a_.emplace(std::move(a));
    NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(*dir_, *sw_, "b", kMacB));
    b_.emplace(std::move(b));
    NFV_ASSERT_OK(introduce_guests(*sw_, {*a_, *b_}));
  }

  std::optional<TestDir> dir_;
  std::optional<SwitchProcess> sw_;
  std::optional<TrafficPeer> a_;
  std::optional<TrafficPeer> b_;
};

TEST_F(TelemetryClient, PortCountersAreExactlyStatsGets) {
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats a_before, sw_->stats("a"));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats b_before, sw_->stats("b"));
  proto::SendParams send;
  send.count = kFrames;
  send.rate_pps = 20000;
  send.frame = frames_between(kMacA, kMacB, 1);
  NFV_ASSERT_OK(a_->send(send));
  EXPECT_TRUE(ReceivedAll(*b_, 1, kFrames));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats a_after, sw_->stats("a"));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats b_after, sw_->stats("b"));
  EXPECT_EQ(a_after.rx_packets - a_before.rx_packets, kFrames);
  EXPECT_EQ(b_after.tx_packets - b_before.tx_packets, kFrames);

  // The same counters through both readers while they stand still (stats.get before and after
  // the telemetry read agree); the guests are idle, so the first try normally does.
  std::vector<json> replies;
  std::optional<api::StatsResult> steady;
  for (int attempt = 0; attempt < 5 && !steady; ++attempt) {
    NFV_ASSERT_OK_AND_ASSIGN(api::StatsResult first, all_stats(*sw_));
    NFV_ASSERT_OK_AND_ASSIGN(replies, telemetry(*dir_, *sw_, {"/nfv/stats,a", "/nfv/stats,b"}));
    NFV_ASSERT_OK_AND_ASSIGN(api::StatsResult second, all_stats(*sw_));
    if (api::to_wire(first.ports) == api::to_wire(second.ports)) steady = first;
  }
  ASSERT_TRUE(steady) << "the counters kept moving between two stats.get reads";
  ASSERT_EQ(steady->ports.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const api::PortStats& port = steady->ports[i];
    ASSERT_TRUE(replies[i].contains("/nfv/stats")) << replies[i].dump();
    EXPECT_EQ(replies[i]["/nfv/stats"], as_telemetry(port)) << "port " << port.name;
    EXPECT_EQ(replies[i]["/nfv/stats"]["rx_queues"]["0"]["ring_size"], 1024u)
        << "the guest's transmit ring (guest_port: 1024 descriptors)";
    EXPECT_EQ(replies[i]["/nfv/stats"]["drops"].size(), port.drops.size());
  }
}

TEST_F(TelemetryClient, UnknownPortOrNoneIsAnError) {
  NFV_ASSERT_OK_AND_ASSIGN(
      auto replies, telemetry(*dir_, *sw_, {"/nfv/stats,nosuch", "/nfv/stats", "/nfv/ports"}));
  EXPECT_EQ(replies[0], json::parse(R"({"/nfv/stats": null})"));
  EXPECT_EQ(replies[1], json::parse(R"({"/nfv/stats": null})"));
  EXPECT_EQ(replies[2], json::parse(R"({"/nfv/ports": ["a", "b"]})"));
}

TEST_F(TelemetryClient, PmdsAndBridgesMatchPmdListAndBridgeList) {
  proto::SendParams send;
  send.count = kFrames;
  send.frame = frames_between(kMacA, kMacB, 1);
  NFV_ASSERT_OK(a_->send(send));
  EXPECT_TRUE(ReceivedAll(*b_, 1, kFrames));

  NFV_ASSERT_OK_AND_ASSIGN(api::PmdList before, sw_->client().call(api::kPmdList, {}));
  NFV_ASSERT_OK_AND_ASSIGN(auto replies, telemetry(*dir_, *sw_, {"/nfv/pmds", "/nfv/bridges"}));
  NFV_ASSERT_OK_AND_ASSIGN(api::PmdList after, sw_->client().call(api::kPmdList, {}));
  NFV_ASSERT_OK_AND_ASSIGN(api::BridgeList bridges, sw_->client().call(api::kBridgeList, {}));

  const json& pmds = replies[0]["/nfv/pmds"];
  ASSERT_EQ(pmds.size(), before.pmds.size()) << pmds.dump();
  uint64_t packets = 0;
  for (size_t i = 0; i < before.pmds.size(); ++i) {
    json first = api::to_wire(before.pmds[i]);
    json last = api::to_wire(after.pmds[i]);
    std::string key = "pmd" + std::to_string(before.pmds[i].id);
    ASSERT_TRUE(pmds.contains(key)) << pmds.dump();
    const json& pmd = pmds[key];
    for (const char* fixed : {"id", "cpu", "numa"}) EXPECT_EQ(pmd[fixed], first[fixed]) << fixed;
    for (const char* counter : {"busy_cycles", "idle_cycles", "packets", "iterations"}) {
      EXPECT_LE(first[counter], pmd[counter]) << key << " " << counter;
      EXPECT_LE(pmd[counter], last[counter]) << key << " " << counter;
    }
    packets += pmd["packets"].get<uint64_t>();
  }
  EXPECT_GE(packets, kFrames);

  ASSERT_EQ(bridges.bridges.size(), 1u);
  const api::BridgeInfo& br0 = bridges.bridges[0];
  EXPECT_EQ(replies[1], json::parse(fmt::format(
                            R"({{"/nfv/bridges": {{"br0": {{"name": "br0", "macs": {},
                              "mac_table_size": {}, "mac_limit": {}}}}}}})",
                            br0.macs, br0.mac_table_size, br0.mac_limit)));
  EXPECT_EQ(br0.macs, 2u) << "both guests learned";
}

}  // namespace
}  // namespace nfv::testing
