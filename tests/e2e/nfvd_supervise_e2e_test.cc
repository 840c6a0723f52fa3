// nfvd keeps nfv-switch running, against real processes: DPDK virtio-user guests that own
// their vhost-user sockets (server mode) and a switch whose ports connect to them (client
// mode). nfvd starts the switch from a config; kill -9 of the switch under traffic is seen at
// once, the switch restarted and its ports, bridge and MACs replayed: forwarding resumes
// within 2 s of the kill. A switch already running is adopted without a frame lost, keeps
// forwarding when nfvd stops, and when it dies nfvd starts one in its place. A crash loop is
// cut off after the policy's restarts and reported.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <optional>
#include <thread>

#include "nfv/api/nfvd_api.h"
#include "nfv/testing/guest_traffic.h"
#include "nfv/testing/guests.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_process.h"
#include "nfv/testing/test_binaries.h"
#include "nfv/testing/wait.h"

namespace nfv::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;

constexpr const char* kStaticMac = "02:00:00:00:00:5a";

uint32_t last_cpu() { return std::max(1u, std::thread::hardware_concurrency()) - 1; }

// Ports a and b (client mode, sockets a.sock and b.sock in the test directory) in bridge br0
// with a static MAC; the switch section says how nfvd starts the switch.
std::string write_config(const TestDir& dir, const std::string& file_prefix) {
  std::string path = dir.file("host.yaml");
  std::ofstream(path) << "switch:\n"
                      << "  pmd_cpus: \"" << last_cpu() << "\"\n"
                      << "  memory_mb: 256\n"
                      << "  no_huge: true\n"
                      << "  mbufs: 8191\n"  // a small pool starts fast (see switch_process.cc)
                      << "  file_prefix: " << file_prefix << "\n"
                      << "  vhost_mode: client\n"
                      << "  vhost_dir: " << dir.path() << "\n"
                      << "ports:\n"
                      << "  - {name: a, socket: a.sock}\n"
                      << "  - {name: b, socket: b.sock}\n"
                      << "bridges:\n"
                      << "  - name: br0\n"
                      << "    ports: [a, b]\n"
                      << "    macs: [{mac: \"" << kStaticMac << "\", port: b}]\n";
  return path;
}

// A guest owning the socket of switch port `name`; it waits for the switch to connect.
Result<TrafficPeer> start_server_guest(const TestDir& dir, const std::string& name,
                                       const MacAddress& mac) {
  TrafficPeerOptions guest;
  guest.name = name;
  guest.wait_ready = false;
  guest.ports = {guest_port(dir.file(name + ".sock"), mac, 1, 0, /*server=*/true)};
  return TrafficPeer::start(dir, guest);
}

// nfvd with its sockets, state and the switch's log in the test directory. It stops the
// switch it started when it stops, so a test leaves nothing running.
Result<Subprocess> start_nfvd(const TestDir& dir, const std::string& config) {
  auto nfvd = test_binary_path("nfvd");
  auto nfv_switch = test_binary_path("nfv-switch");
  if (!nfvd || !nfv_switch) return make_error("nfvd or nfv-switch is not built");
  SubprocessOptions options;
  options.argv = {*nfvd,
                  "--config",
                  config,
                  "--state-dir",
                  dir.file("state"),
                  "--socket",
                  dir.file("nfvd.sock"),
                  "--switch-socket",
                  dir.file("sw.ctl"),
                  "--switch-binary",
                  *nfv_switch,
                  "--stop-switch-on-exit",
                  "--metrics-port",
                  "0"};
  options.log_path = dir.file("nfvd.log");
  options.pipe_stdin = false;
  options.pipe_stdout = false;
  options.stop_grace = seconds(15);
  return Subprocess::start(options);
}

Result<api::NfvdStatus> nfvd_status(const TestDir& dir) {
  auto client = api::SwitchClient::connect(dir.file("nfvd.sock"), "e2e-test", seconds(5));
  if (!client) return std::move(client).error();
  return client->call(api::kNfvdStatus);
}

// Waits until nfvd reports its switch running after `restarts` restarts, with the config
// applied; returns that status.
Result<api::NfvdStatus> wait_switch_running(const TestDir& dir, Subprocess& nfvd,
                                            uint64_t restarts) {
  std::optional<api::NfvdStatus> last;
  bool running = poll_until(
      [&] {
        auto status = nfvd_status(dir);
        if (status) last = *status;
        return !nfvd.running() ||
               (status && status->switch_process.state == "running" &&
                status->switch_process.restarts == restarts && status->last_apply_result == "ok");
      },
      seconds(60), milliseconds(20));
  if (!running || !nfvd.running()) {
    return make_error("nfvd's switch is not running with the config applied (state {}):\n{}",
                      last ? last->switch_process.state : "unknown", nfvd.log_tail(30));
  }
  return *last;
}

// Kills a switch by pid if one is left over (a test that failed half-way).
struct SwitchReaper {
  pid_t pid = 0;
  std::string file_prefix;
  ~SwitchReaper() {
    if (pid > 0) ::kill(pid, SIGKILL);
    remove_dpdk_runtime_dir(file_prefix);
  }
};

std::vector<std::string> bridge_ports(api::SwitchClient& sw, const std::string& bridge) {
  std::vector<std::string> names;
  auto ports = sw.call(api::kPortList);
  EXPECT_TRUE(ports) << ports.error().message;
  if (!ports) return names;
  for (const api::PortInfo& port : ports->ports) {
    if (port.bridge == bridge) names.push_back(port.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool has_static_mac(api::SwitchClient& sw) {
  auto macs = sw.call(api::kMacList, api::MacListParams{});
  if (!macs) return false;
  return std::any_of(macs->entries.begin(), macs->entries.end(),
                     [](const api::MacEntry& entry) { return entry.mac == kStaticMac; });
}

// Until `count` distinct frames of `stream` have arrived (10 s at most).
proto::WaitRxParams stream_wait(uint16_t stream, uint64_t count) {
  proto::WaitRxParams wait;
  wait.count = count;
  wait.stream = stream;
  wait.timeout_ms = 10000;
  return wait;
}

bool process_gone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

// Time from `since` until `b` receives a frame more than `before`, polled every 5 ms.
std::optional<double> seconds_to_next_frame(TrafficPeer& b, uint64_t before,
                                            Clock::time_point since) {
  bool resumed = poll_until(
      [&] {
        auto stats = b.port_stats(0);
        return stats && stats->rx_packets > before;
      },
      seconds(15), milliseconds(5));
  if (!resumed) return std::nullopt;
  return std::chrono::duration<double>(Clock::now() - since).count();
}

TEST(NfvdSupervise, KilledSwitchForwardsAgainWithinTwoSecondsWithItsStateReplayed) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SwitchReaper reaper{0, unique_file_prefix("nfvd-sw")};
  std::string config = write_config(dir, reaper.file_prefix);
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_server_guest(dir, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_server_guest(dir, "b", kMacB));
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess nfvd, start_nfvd(dir, config));
  NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus first, wait_switch_running(dir, nfvd, 0));
  reaper.pid = static_cast<pid_t>(first.switch_process.pid);
  EXPECT_EQ(first.switch_process.origin, "started");
  EXPECT_EQ(first.switch_process.log_path, dir.file("state/nfv-switch.log"));
  NFV_ASSERT_OK(a.wait_link(0, seconds(20)));
  NFV_ASSERT_OK(b.wait_link(0, seconds(20)));
  NFV_ASSERT_OK(start_stream(a, kMacA, kMacB, 1, 10000));
  NFV_ASSERT_OK(b.wait_rx(0, 1000));

  // kill -9 under traffic; frames the dead switch left in b's ring are drained once it is
  // gone (nfvd reaps it at once), so the next frame counted is one the new switch forwarded.
  ASSERT_EQ(::kill(reaper.pid, SIGKILL), 0);
  auto killed = Clock::now();
  ASSERT_TRUE(wait_until([&] { return process_gone(reaper.pid); }, seconds(5), "switch gone"));
  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats before, b.port_stats(0));
  std::optional<double> resumed_s = seconds_to_next_frame(b, before.rx_packets, killed);
  ASSERT_TRUE(resumed_s) << "no frame forwarded 15 s after the kill\n"
                         << nfvd.log_tail(30) << file_tail(dir.file("state/nfv-switch.log"), 20);
  std::printf("kill -9 of nfv-switch to the first frame forwarded again: %.3f s\n", *resumed_s);
  RecordProperty("kill_to_forwarding_s", std::to_string(*resumed_s));
  EXPECT_LT(*resumed_s, 2.0) << "forwarding resumes within 2 s of the crash\n" << nfvd.log_tail(30);

  NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus after, wait_switch_running(dir, nfvd, 1));
  reaper.pid = static_cast<pid_t>(after.switch_process.pid);
  EXPECT_NE(after.switch_process.pid, first.switch_process.pid);
  EXPECT_EQ(after.switch_process.origin, "started");
  EXPECT_EQ(after.switch_process.last_exit, "killed by signal 9 (SIGKILL)");
  NFV_ASSERT_OK_AND_ASSIGN(api::SwitchClient sw,
                           api::SwitchClient::connect(dir.file("sw.ctl"), "e2e-test"));
  EXPECT_EQ(bridge_ports(sw, "br0"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(has_static_mac(sw)) << "the static MAC is replayed";
  NFV_ASSERT_OK_AND_ASSIGN(auto info, sw.call(api::kSwitchInfo));
  EXPECT_EQ(info.file_prefix, reaper.file_prefix);
  EXPECT_THAT(info.eal_args, ::testing::Contains("--no-huge"));

  // nfvd stops the switch it started (--stop-switch-on-exit): nothing is left running.
  ExitStatus stopped = nfvd.terminate(seconds(15));
  EXPECT_TRUE(stopped.success()) << stopped.describe();
  EXPECT_TRUE(wait_until([&] { return process_gone(reaper.pid); }, seconds(5), "switch stops"));
  EXPECT_THAT(file_tail(dir.file("nfvd.log"), 5), HasSubstr("stopping nfv-switch"));
}

TEST(NfvdSupervise, AdoptsARunningSwitchWithoutLossAndReplacesItWhenItDies) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SwitchReaper reaper{0, unique_file_prefix("nfvd-sw")};
  std::string config = write_config(dir, reaper.file_prefix);
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_server_guest(dir, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_server_guest(dir, "b", kMacB));
  // The switch as an operator started it before nfvd: the config's objects, made by hand.
  SwitchProcessOptions by_hand;
  by_hand.name = "sw";  // control socket sw.ctl, where nfvd looks
  by_hand.pmd_cpus = {last_cpu()};
  by_hand.args = {"--port",   "a,type=vhost,mode=client,path=" + dir.file("a.sock"),
                  "--port",   "b,type=vhost,mode=client,path=" + dir.file("b.sock"),
                  "--bridge", "br0:a,b"};
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess running, SwitchProcess::start(dir, by_hand));
  NFV_ASSERT_OK(running.client().call(api::kMacAdd, api::MacAddParams{"br0", kStaticMac, "b", 0}));
  NFV_ASSERT_OK(a.wait_link(0, seconds(20)));
  NFV_ASSERT_OK(b.wait_link(0, seconds(20)));
  NFV_ASSERT_OK(start_stream(a, kMacA, kMacB, 1, 10000));
  NFV_ASSERT_OK(b.wait_rx(0, 1000));

  NFV_ASSERT_OK_AND_ASSIGN(Subprocess nfvd, start_nfvd(dir, config));
  NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus adopted, wait_switch_running(dir, nfvd, 0));
  EXPECT_EQ(adopted.switch_process.origin, "adopted");
  EXPECT_EQ(adopted.switch_process.pid, running.process().pid()) << "not restarted";
  NFV_ASSERT_OK_AND_ASSIGN(auto now, stream_stats(b, 1));
  NFV_ASSERT_OK(b.wait_rx(stream_wait(1, now.received + 1000)));
  NFV_ASSERT_OK_AND_ASSIGN(proto::StreamStopResult sent, a.stream_stop(1));
  EXPECT_EQ(sent.failed, 0u);
  EXPECT_TRUE(ReceivedAll(b, 1, sent.sent)) << "zero loss across nfvd's start";
  EXPECT_TRUE(running.process().running());

  // nfvd stops: a switch it adopted forwards on (even with --stop-switch-on-exit, which
  // concerns a switch nfvd started), and the next nfvd adopts it again.
  ExitStatus stopped = nfvd.terminate(seconds(15));
  EXPECT_TRUE(stopped.success()) << stopped.describe();
  EXPECT_TRUE(running.process().running());
  EXPECT_TRUE(SendAndReceiveAll(a, kMacA, b, kMacB, 3, 200)) << "forwarding without nfvd";
  NFV_ASSERT_OK_AND_ASSIGN(nfvd, start_nfvd(dir, config));
  NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus again, wait_switch_running(dir, nfvd, 0));
  EXPECT_EQ(again.switch_process.pid, running.process().pid());

  // The adopted switch dies: nfvd starts one from the config and replays the state.
  NFV_ASSERT_OK(start_stream(a, kMacA, kMacB, 2, 10000));
  NFV_ASSERT_OK(b.wait_rx(stream_wait(2, 100)));
  running.kill();
  NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus replaced, wait_switch_running(dir, nfvd, 1));
  reaper.pid = static_cast<pid_t>(replaced.switch_process.pid);
  EXPECT_EQ(replaced.switch_process.origin, "started");
  EXPECT_THAT(replaced.switch_process.last_exit, HasSubstr("adopted"));
  NFV_ASSERT_OK_AND_ASSIGN(auto before, stream_stats(b, 2));
  NFV_ASSERT_OK(b.wait_rx(stream_wait(2, before.received + 100)));
  NFV_ASSERT_OK_AND_ASSIGN(api::SwitchClient sw,
                           api::SwitchClient::connect(dir.file("sw.ctl"), "e2e-test"));
  EXPECT_EQ(bridge_ports(sw, "br0"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(has_static_mac(sw));
}

TEST(NfvdSupervise, ACrashLoopIsCutOffAndReported) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SwitchReaper reaper{0, unique_file_prefix("nfvd-sw")};
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess nfvd, start_nfvd(dir, write_config(dir, reaper.file_prefix)));
  // The default policy: 5 restarts in 60 s, at once and then after 0.25, 0.5, 1 and 2 s.
  for (uint64_t restarts = 0; restarts <= 5; ++restarts) {
    NFV_ASSERT_OK_AND_ASSIGN(api::NfvdStatus status, wait_switch_running(dir, nfvd, restarts));
    reaper.pid = static_cast<pid_t>(status.switch_process.pid);
    ASSERT_EQ(::kill(reaper.pid, SIGKILL), 0);
    ASSERT_TRUE(wait_until([&] { return process_gone(reaper.pid); }, seconds(5), "switch gone"));
  }
  reaper.pid = 0;
  std::optional<api::NfvdStatus> last;
  EXPECT_TRUE(wait_until(
      [&] {
        auto status = nfvd_status(dir);
        if (status) last = *status;
        return status && status->switch_process.state == "gave-up";
      },
      seconds(10), "nfvd gives up"))
      << nfvd.log_tail(20);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->switch_process.restarts, 5u);
  EXPECT_EQ(last->switch_process.pid, 0);
  EXPECT_EQ(last->switch_process.last_exit, "killed by signal 9 (SIGKILL)");
  EXPECT_THAT(file_tail(dir.file("nfvd.log"), 3), HasSubstr("crash loop: 5 restarts"));
  EXPECT_FALSE(api::SwitchClient::connect(dir.file("sw.ctl"), "e2e-test", seconds(1)))
      << "no switch is started after giving up";
}

}  // namespace
}  // namespace nfv::testing
