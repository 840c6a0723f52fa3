// nfv-switch end to end with real DPDK virtio-user guests (nfv-traffic), each its own
// process, no hugepages: byte-exact forwarding, counters that agree with both guests, clean
// shutdown, and one-line errors for what an operator gets wrong at start-up.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "nfv/testing/guest_traffic.h"
#include "nfv/testing/guests.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/subprocess.h"
#include "nfv/testing/switch_guests.h"
#include "nfv/testing/switch_process.h"
#include "nfv/testing/test_binaries.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/traffic_peer.h"
#include "nfv/traffic/frame.h"

namespace nfv::testing {
namespace {

using traffic::FrameSpec;
using traffic::SizeSchedule;

// Both forwarding modes must deliver exactly the same bytes.
class ForwardingE2e : public ::testing::TestWithParam<std::string> {};

TEST_P(ForwardingE2e, TenThousandFramesOfEverySizeArriveByteIdenticalInOrder) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::vector<std::string> topology = {"--xconnect", "a,b"};
  if (GetParam() == "bridge") topology = {"--bridge", "br0:a,b"};
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw,
                           SwitchProcess::start(dir, vhost_switch({"a", "b"}, topology)));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(dir, sw, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(dir, sw, "b", kMacB));
  std::string pcap = dir.file("b.pcap");
  NFV_ASSERT_OK(b.capture(0, pcap));

  const uint64_t count = 10000;
  NFV_ASSERT_OK_AND_ASSIGN(SizeSchedule sizes, SizeSchedule::sweep(64, 1518));  // 64..1518, again
  FrameSpec frames;
  frames.src = kMacA;
  frames.dst = kMacB;
  frames.stream = 1;
  frames.seed = 7;
  frames.sizes = sizes;
  frames.timestamped = false;  // each frame a pure function of its sequence number
  proto::SendParams send;
  send.port = 0;
  send.count = count;
  send.frame = proto::to_frame_params(frames);
  send.rate_pps = 20000;
  NFV_ASSERT_OK_AND_ASSIGN(auto sent, a.send(send));
  ASSERT_EQ(sent.sent, count);

  proto::WaitRxParams wait;
  wait.port = 0;
  wait.count = count;
  wait.stream = 1;
  wait.timeout_ms = 30000;
  NFV_ASSERT_OK(b.wait_rx(wait));
  NFV_ASSERT_OK_AND_ASSIGN(auto captured, b.capture_stop(0));
  NFV_ASSERT_OK_AND_ASSIGN(uint64_t bytes, verify_capture(pcap, frames, count));

  // The switch's counters agree with both guests.
  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats guest_a, a.port_stats(0));
  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats guest_b, b.port_stats(0));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_a, sw.stats("a"));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_b, sw.stats("b"));
  EXPECT_EQ(guest_a.tx_packets, count);
  EXPECT_EQ(port_a.rx_packets, guest_a.tx_packets);
  EXPECT_EQ(port_a.rx_bytes, guest_a.tx_bytes);
  EXPECT_EQ(port_a.forwarded, count);
  EXPECT_EQ(port_b.tx_packets, guest_b.rx_packets);
  EXPECT_EQ(port_b.tx_bytes, guest_b.rx_bytes);
  EXPECT_EQ(guest_b.rx_bytes, bytes);
  EXPECT_EQ(port_a.rx_dropped + port_b.tx_dropped, 0u);
  EXPECT_EQ(guest_b.rx_corrupt, 0u);
  EXPECT_TRUE(CountersBalance(port_a));
  EXPECT_TRUE(CountersBalance(port_b));
  if (GetParam() == "bridge") {
    EXPECT_EQ(port_a.mac_learned, 1u);
    EXPECT_LE(port_a.flooded, count) << "B unknown until it speaks: flooded to b only";
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, ForwardingE2e, ::testing::Values("xconnect", "bridge"));

TEST(SwitchLifecycle, CleanStopRemovesSocketsAndRuntimeFiles) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(
      SwitchProcess sw, SwitchProcess::start(dir, vhost_switch({"a", "b"}, {"--xconnect", "a,b"})));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(dir, sw, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(auto ports, sw.client().call(api::kPortList, {}));
  ASSERT_EQ(ports.ports.size(), 2u);
  EXPECT_EQ(ports.ports[0].link, "up") << "guest a connected";
  EXPECT_EQ(ports.ports[1].link, "down");
  EXPECT_TRUE(exists(sw.socket_path("a")));
  EXPECT_TRUE(exists(dpdk_runtime_dir(sw.file_prefix())));

  NFV_ASSERT_OK_AND_ASSIGN(ExitStatus status, sw.stop());
  EXPECT_TRUE(status.success()) << status.describe() << "\n" << file_tail(sw.log_path(), 20);
  EXPECT_FALSE(exists(sw.socket_path("a")));
  EXPECT_FALSE(exists(sw.socket_path("b")));
  EXPECT_FALSE(exists(sw.control_socket()));
  EXPECT_FALSE(exists(dpdk_runtime_dir(sw.file_prefix())));
}

// nfv-switch with `args`: its exit status and its stderr.
std::pair<ExitStatus, std::string> run_switch(const TestDir& dir, std::vector<std::string> args) {
  auto binary = test_binary_path("nfv-switch");
  EXPECT_TRUE(binary) << binary.error().message;
  std::string prefix = unique_file_prefix("bad");
  SubprocessOptions options;
  options.argv = {*binary, "--file-prefix", prefix, "--control-socket", dir.file("ctl.sock")};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.log_path = dir.file(prefix + ".log");
  options.pipe_stdin = false;
  options.pipe_stdout = false;
  auto process = Subprocess::start(options);
  EXPECT_TRUE(process) << process.error().message;
  auto status = process->wait(Clock::now() + std::chrono::seconds(30));
  EXPECT_TRUE(status) << status.error().message;
  EXPECT_FALSE(exists(dpdk_runtime_dir(prefix))) << "a refused start leaves no DPDK files";
  return {*status, process->log_tail()};
}

TEST(StartupErrors, OneLineThatNamesTheProblemAndTheFix) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  auto [bad_option, bad_option_text] = run_switch(dir, {"--pmd-cores", "999"});
  EXPECT_EQ(bad_option.code, 2);
  EXPECT_EQ(bad_option_text.substr(0, 36), "nfv-switch: --pmd-cores: 999 is out ");
  EXPECT_EQ(std::count(bad_option_text.begin(), bad_option_text.end(), '\n'), 1);

  auto [unknown, unknown_text] = run_switch(dir, {"--colour", "red"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_EQ(unknown_text, "nfv-switch: unrecognised option '--colour' (see nfv-switch --help)\n");

  auto [no_dir, no_dir_text] =
      run_switch(dir, {"--no-huge", "--port", "vm1,type=vhost,path=/nonexistent/nfv/vm1.sock"});
  EXPECT_EQ(no_dir.code, 1);
  EXPECT_EQ(no_dir_text,
            "nfv-switch: port vm1: socket directory /nonexistent/nfv does not exist; create it "
            "(mkdir -p /nonexistent/nfv) or choose another path\n");

  // More hugepage memory than any machine here has free.
  auto [no_pages, no_pages_text] = run_switch(dir, {"--memory", "4000000"});
  EXPECT_EQ(no_pages.code, 1);
  EXPECT_EQ(std::count(no_pages_text.begin(), no_pages_text.end(), '\n'), 1) << no_pages_text;
  EXPECT_NE(no_pages_text.find("nfv-switch: not enough free hugepages"), std::string::npos)
      << no_pages_text;
  EXPECT_NE(no_pages_text.find("run with --no-huge"), std::string::npos);
}

TEST(SwitchApi, VersionMismatchIsRefusedWithBothVersions) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, {}));
  auto client = api::SwitchClient::connect(sw.control_socket(), "test");
  ASSERT_TRUE(client);
  auto hello = client->call_raw("api.hello", api::json{{"api_version", 99}, {"client", "future"}});
  ASSERT_FALSE(hello);
  EXPECT_EQ(hello.error().message,
            "API version mismatch: client 'future' speaks version 99, this nfv-switch speaks "
            "version 1; use matching builds");
  // Garbage on the socket: an error reply, the switch keeps serving.
  auto bad =
      client->call_raw("port.add", api::json{{"name", "x"}, {"type", "vhost"}, {"queues", "four"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "port.add: params.queues: expected integer, got string");
  NFV_ASSERT_OK_AND_ASSIGN(auto info, sw.client().call(api::kSwitchInfo, {}));
  EXPECT_EQ(info.pmds.size(), 1u);
}

}  // namespace
}  // namespace nfv::testing
