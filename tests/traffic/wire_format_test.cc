// nfv-traffic's lines byte for byte as perf/lib/traffic.py, scripts/lib/demo.py and
// TrafficPeer write and read them: the command table is declared with the wire API's
// Method and fields, and the lines must stay what those clients speak.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nfv/traffic/protocol.h"

namespace nfv::traffic::proto {
namespace {

TEST(WireFormat, CommandNamesAreTheProtocols) {
  EXPECT_EQ(nfv::api::method_names(kAllCommands),
            (std::vector<std::string>{"ports", "wait_link", "send", "send_hex", "stream_start",
                                      "stream_stop", "stats", "wait_rx", "capture", "capture_stop",
                                      "recv", "pause_rx", "resume_rx", "clear", "quit", "trial",
                                      "forward", "seed", "forward_stop"}));
}

TEST(WireFormat, RequestsAreOneFlatObjectInFieldOrder) {
  EXPECT_EQ(make_request(kClear, Empty{}).dump(), R"({"cmd":"clear"})");
  ForwardParams forward{{{0, 1}, {1, 0}}, "mac", 64};
  EXPECT_EQ(make_request(kForward, forward).dump(),
            R"({"cmd":"forward","pairs":[[0,1],[1,0]],"mode":"mac","flows":64})");
  TrialParams trial;
  trial.tx_ports = {0, 1};
  trial.rate_pps = 1000;
  trial.frame.size = 60;
  EXPECT_EQ(make_request(kTrial, trial).dump(),
            R"({"cmd":"trial","tx_ports":[0,1],"rate_pps":1000,"duration_s":1.0,)"
            R"("warmup_s":0.0,"drain_ms":500,"queue":0,"retry_full_ring":true,)"
            R"("frame":{"size":60}})");
}

TEST(WireFormat, RepliesPutOkFirst) {
  ForwardStopResult stopped{{{0, 1, 10, 640}}, 10, 2.0, 5.0, 100.5};
  EXPECT_EQ(make_ok_reply(nfv::api::to_wire(stopped)).dump(),
            R"({"ok":true,"pairs":[{"rx_port":0,"tx_port":1,"packets":10,"bytes":640}],)"
            R"("packets":10,"elapsed_s":2.0,"pps":5.0,"cycles_per_packet":100.5})");
  EXPECT_EQ(make_ok_reply(nfv::api::to_wire(Empty{})).dump(), R"({"ok":true})");
}

// Every command's default parameters survive the line in both directions.
TEST(WireFormat, EveryCommandsParametersRoundTrip) {
  std::apply(
      [](const auto&... command) {
        auto one = [](const auto& c) {
          using Params = typename std::remove_cvref_t<decltype(c)>::Params;
          auto request = parse_request_line(make_request(c, Params{}).dump());
          ASSERT_TRUE(request.ok()) << c.name << ": " << request.error().message;
          EXPECT_EQ(request->cmd, c.name);
          auto params = nfv::api::from_wire<Params>(request->params, request->cmd);
          ASSERT_TRUE(params.ok()) << c.name << ": " << params.error().message;
          EXPECT_EQ(nfv::api::to_wire(*params), nfv::api::to_wire(Params{})) << c.name;
        };
        (one(command), ...);
      },
      kAllCommands);
}

}  // namespace
}  // namespace nfv::traffic::proto
