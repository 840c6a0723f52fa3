// nfv-traffic end to end, with dpdk-testpmd as the vhost-user switch: testpmd io-forwards
// its port 0 <-> port 1, so what a guest sends on socket 0 arrives at the guest on socket 1.
// No hugepages: every DPDK process runs on memfd memory with its own file prefix.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <numeric>

#include "nfv/testing/guest_traffic.h"
#include "nfv/testing/guests.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/subprocess.h"
#include "nfv/testing/test_binaries.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/testpmd_switch.h"
#include "nfv/testing/traffic_peer.h"
#include "nfv/traffic/frame.h"
#include "nfv/traffic/hex.h"

namespace nfv::testing {
namespace {

using traffic::FrameSpec;
using traffic::PortOption;
using traffic::SizeSchedule;

class TrafficE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TestDir::create();
    ASSERT_TRUE(dir.ok()) << dir.error().message;
    dir_.emplace(std::move(dir).value());
  }

  const TestDir& dir() const { return *dir_; }
  std::string socket(int i) const { return dir().file("vhost" + std::to_string(i) + ".sock"); }

  // A port on socket i; rings of 1024 absorb a guest that is descheduled for a while on a
  // busy 2-CPU machine, so tests do not lose frames to scheduling.
  PortOption port(int i, const MacAddress& mac, uint16_t queues = 1, uint16_t enable = 0) const {
    return guest_port(socket(i), mac, queues, enable);
  }

  Result<TestpmdSwitch> start_testpmd(uint16_t queues = 1) {
    TestpmdSwitchOptions options;
    options.sockets = {socket(0), socket(1)};
    options.queues = queues;
    return TestpmdSwitch::start(dir(), options);
  }

  Result<TrafficPeer> start_peer(const std::string& name, std::vector<PortOption> ports) {
    TrafficPeerOptions options;
    options.name = name;
    options.ports = std::move(ports);
    return TrafficPeer::start(dir(), options);
  }

  // testpmd with guest a on its port 0 and guest b on its port 1, both links up.
  struct TwoGuests {
    TestpmdSwitch testpmd;
    TrafficPeer a;
    TrafficPeer b;
  };
  Result<TwoGuests> start_two_guests(const PortOption& a_port, const PortOption& b_port,
                                     uint16_t queues = 1) {
    auto testpmd = start_testpmd(queues);
    if (!testpmd) return std::move(testpmd).error();
    auto a = start_peer("a", {a_port});
    if (!a) return std::move(a).error();
    auto b = start_peer("b", {b_port});
    if (!b) return std::move(b).error();
    NFV_TRY(a->wait_link(0));
    NFV_TRY(b->wait_link(0));
    return TwoGuests{std::move(testpmd).value(), std::move(a).value(), std::move(b).value()};
  }

  // testpmd with one guest on both of its ports (testpmd loops port 0 back to port 1).
  struct LoopedGuest {
    TestpmdSwitch testpmd;
    TrafficPeer peer;
  };
  Result<LoopedGuest> start_looped_guest(const std::string& name) {
    auto testpmd = start_testpmd();
    if (!testpmd) return std::move(testpmd).error();
    auto peer = start_peer(name, {port(0, kMacA), port(1, kMacB)});
    if (!peer) return std::move(peer).error();
    NFV_TRY(peer->wait_link(0));
    NFV_TRY(peer->wait_link(1));
    return LoopedGuest{std::move(testpmd).value(), std::move(peer).value()};
  }

  static FrameSpec spec(const MacAddress& src, const MacAddress& dst, uint16_t stream,
                        SizeSchedule sizes = SizeSchedule::fixed(64)) {
    FrameSpec s;
    s.src = src;
    s.dst = dst;
    s.stream = stream;
    s.seed = 42;
    s.sizes = sizes;
    s.timestamped = false;  // frames are then a pure function of the sequence number
    return s;
  }

  std::optional<TestDir> dir_;
};

TEST_F(TrafficE2eTest, MissingSocketIsAOneLineErrorAndAFailedExit) {
  NFV_ASSERT_OK_AND_ASSIGN(std::string binary, test_binary_path("nfv-traffic"));
  std::string prefix = unique_file_prefix("nfvt-missing");
  SubprocessOptions options;
  options.argv = {binary, "--no-huge", "--file-prefix", prefix, "--port", socket(0)};
  options.log_path = dir().file("missing.log");
  NFV_ASSERT_OK_AND_ASSIGN(Subprocess process, Subprocess::start(options));
  NFV_ASSERT_OK_AND_ASSIGN(ExitStatus status, process.wait(Clock::now() + 20s));
  EXPECT_TRUE(status.exited);
  EXPECT_EQ(status.code, 1);
  EXPECT_EQ(process.log_tail(),
            "nfv-traffic: port 0: vhost-user socket " + socket(0) +
                " does not exist; start the switch (with a vhost-user server port there) first, "
                "or add ',server' if the switch connects as a client\n");
  EXPECT_FALSE(exists(dpdk_runtime_dir(prefix)));
}

TEST_F(TrafficE2eTest, FramesOfEverySizeArriveByteIdenticalAndInOrder) {
  NFV_ASSERT_OK_AND_ASSIGN(auto guests, start_two_guests(port(0, kMacA), port(1, kMacB)));
  TrafficPeer& a = guests.a;
  TrafficPeer& b = guests.b;
  std::string pcap = dir().file("b.pcap");
  NFV_ASSERT_OK(b.capture(0, pcap));

  // Every size from 64 to 1518 once, in order.
  NFV_ASSERT_OK_AND_ASSIGN(SizeSchedule sizes, SizeSchedule::sweep(64, 1518));
  FrameSpec frames = spec(kMacA, kMacB, 1, sizes);
  const uint64_t count = 1455;
  proto::SendParams send;
  send.port = 0;
  send.count = count;
  send.frame = proto::to_frame_params(frames);
  send.rate_pps = 20000;  // paced: testpmd drops what a full guest ring cannot take
  NFV_ASSERT_OK_AND_ASSIGN(auto sent, a.send(send));
  EXPECT_EQ(sent.sent, count);
  EXPECT_EQ(sent.failed, 0u);
  EXPECT_EQ(sent.first_seq, 0u);
  EXPECT_EQ(sent.next_seq, count);

  proto::WaitRxParams wait;
  wait.port = 0;
  wait.count = count;
  wait.stream = 1;
  wait.timeout_ms = 20000;
  NFV_ASSERT_OK(b.wait_rx(wait));
  NFV_ASSERT_OK_AND_ASSIGN(auto captured, b.capture_stop(0));
  ASSERT_EQ(captured.captures.size(), 1u);
  EXPECT_EQ(captured.captures[0].frames, count);

  NFV_ASSERT_OK_AND_ASSIGN(uint64_t bytes, verify_capture(pcap, frames, count));
  EXPECT_EQ(bytes, (64 + 1518) * count / 2);

  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats rx, b.port_stats(0));
  EXPECT_EQ(rx.rx_packets, count);
  EXPECT_EQ(rx.rx_bytes, bytes);
  EXPECT_EQ(rx.rx_non_test, 0u);
  EXPECT_EQ(rx.rx_corrupt, 0u);
  EXPECT_EQ(rx.tx_packets, 0u);
  ASSERT_EQ(rx.queues.size(), 1u);
  EXPECT_EQ(rx.queues[0].rx_packets, count);
  ASSERT_NE(rx.stream(1), nullptr);
  EXPECT_EQ(rx.stream(1)->received, count);
  EXPECT_EQ(rx.stream(1)->lost, 0u);
  EXPECT_EQ(rx.stream(1)->reordered, 0u);
  EXPECT_EQ(rx.stream(1)->duplicated, 0u);
  EXPECT_EQ(rx.stream(1)->first_seq, 0u);
  EXPECT_EQ(rx.stream(1)->last_seq, count - 1);
  EXPECT_EQ(rx.stream(1)->latency.samples, 0u);  // not timestamped

  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats tx, a.port_stats(0));
  EXPECT_EQ(tx.tx_packets, count);
  EXPECT_EQ(tx.tx_bytes, bytes);
  EXPECT_EQ(tx.tx_failed, 0u);
  EXPECT_EQ(tx.rx_packets, 0u);

  // A second send continues the stream's sequence numbers.
  NFV_ASSERT_OK_AND_ASSIGN(auto more, a.send(0, frames, 10));
  EXPECT_EQ(more.first_seq, count);
  wait.count = count + 10;
  NFV_ASSERT_OK(b.wait_rx(wait));
  NFV_ASSERT_OK_AND_ASSIGN(rx, b.port_stats(0));
  EXPECT_EQ(rx.stream(1)->lost, 0u);
  EXPECT_EQ(rx.stream(1)->last_seq, count + 9);

  // A clean exit removes the DPDK runtime directory.
  NFV_ASSERT_OK_AND_ASSIGN(ExitStatus status, a.quit());
  EXPECT_TRUE(status.success()) << status.describe();
  EXPECT_FALSE(exists(dpdk_runtime_dir(a.file_prefix())));
}

TEST_F(TrafficE2eTest, TrialAtAModestRateHasNoLossAndPlausibleLatency) {
  NFV_ASSERT_OK_AND_ASSIGN(auto looped, start_looped_guest("ab"));
  TrafficPeer& peer = looped.peer;
  proto::TrialParams trial;
  trial.tx_ports = {0, 1};
  trial.rate_pps = 2000;
  trial.duration_s = 1;
  trial.warmup_s = 0.2;
  trial.frame.imix = true;
  trial.flows = 4;
  NFV_ASSERT_OK_AND_ASSIGN(proto::TrialResult result, peer.trial(trial));
  EXPECT_EQ(result.rate_pps, 2000u);
  EXPECT_EQ(result.sizes, "imix 7:4:1 64/570/1518");
  ASSERT_EQ(result.directions.size(), 2u);
  for (const proto::TrialDirection& d : result.directions) {
    SCOPED_TRACE("direction " + std::to_string(d.tx_port) + " -> " + std::to_string(d.rx_port));
    EXPECT_EQ(d.rx_port, 1 - d.tx_port);
    // Paced by TSC: never more than rate x duration, and not far behind the schedule.
    EXPECT_LE(d.sent, 2000u);
    EXPECT_GE(d.sent, 1000u);
    EXPECT_EQ(d.tx_failed, 0u);
    EXPECT_EQ(d.received, d.sent);
    EXPECT_EQ(d.lost, 0u);
    EXPECT_EQ(d.loss_ratio, 0.0);
    EXPECT_EQ(d.reordered, 0u);
    EXPECT_EQ(d.duplicated, 0u);
    EXPECT_EQ(d.corrupt, 0u);
    EXPECT_GE(d.duration_s, 1.0);
    EXPECT_LT(d.duration_s, 1.5);
    EXPECT_EQ(d.latency.samples, d.received);
    EXPECT_GT(d.latency.min_us, 0.0);
    EXPECT_LE(d.latency.min_us, d.latency.p50_us);
    EXPECT_LE(d.latency.p50_us, d.latency.p99_us);
    EXPECT_LE(d.latency.p99_us, d.latency.max_us);
    EXPECT_LT(d.latency.max_us, 1e6);  // under a second, through a software switch
  }
  // Warm-up frames travel on their own streams and do not count in the trial.
  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats rx, peer.port_stats(1));
  ASSERT_NE(rx.stream(0xFE00), nullptr);
  ASSERT_NE(rx.stream(0xFF00), nullptr);
  EXPECT_EQ(rx.stream(0xFF00)->received, result.directions[0].received);
  EXPECT_GT(rx.stream(0xFE00)->received, 0u);
}

TEST_F(TrafficE2eTest, CraftedFramesArriveAsSent) {
  NFV_ASSERT_OK_AND_ASSIGN(auto guests, start_two_guests(port(0, kMacA), port(1, kMacB)));
  TrafficPeer& a = guests.a;
  TrafficPeer& b = guests.b;

  std::vector<uint8_t> broadcast_arp(60, 0);
  std::fill_n(broadcast_arp.begin(), 6, 0xff);
  std::copy(kMacA.begin(), kMacA.end(), broadcast_arp.begin() + 6);
  broadcast_arp[12] = 0x08;
  broadcast_arp[13] = 0x06;
  std::vector<uint8_t> tagged = broadcast_arp;
  tagged.insert(tagged.begin() + 12, {0x81, 0x00, 0x20, 0x64});  // PCP 1, VLAN 100
  std::vector<uint8_t> runt(20, 0x5a);
  NFV_ASSERT_OK_AND_ASSIGN(std::vector<uint8_t> corrupt,
                           traffic::build_frame(spec(kMacA, kMacB, 3), 0));
  corrupt[50] ^= 0xff;
  std::vector<std::vector<uint8_t>> frames = {broadcast_arp, tagged, runt, corrupt};

  NFV_ASSERT_OK_AND_ASSIGN(auto sent, a.send_hex(0, frames));
  EXPECT_EQ(sent.sent, frames.size());
  NFV_ASSERT_OK(b.wait_rx(0, frames.size()));
  NFV_ASSERT_OK_AND_ASSIGN(auto received, b.recv(0));
  EXPECT_EQ(received, frames);
  NFV_ASSERT_OK_AND_ASSIGN(auto nothing_left, b.recv(0));
  EXPECT_TRUE(nothing_left.empty());

  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats rx, b.port_stats(0));
  EXPECT_EQ(rx.rx_packets, 4u);
  EXPECT_EQ(rx.rx_non_test, 3u);
  EXPECT_EQ(rx.rx_corrupt, 1u);
  EXPECT_TRUE(rx.streams.empty());
  EXPECT_EQ(rx.rx_bytes, 60u + 64u + 20u + 64u);
}

TEST_F(TrafficE2eTest, AGuestThatStopsDrainingLosesTheOverflowOnly) {
  // The sender's ring is small too: once its send returns, at most 64 frames are still
  // waiting for the switch, so the guest's resumed ring can always take them and the tail.
  PortOption sender = port(0, kMacA);
  sender.ring_size = 64;
  PortOption receiver = port(1, kMacB);
  receiver.ring_size = 256;
  NFV_ASSERT_OK_AND_ASSIGN(auto guests, start_two_guests(sender, receiver));
  TrafficPeer& a = guests.a;
  TrafficPeer& b = guests.b;
  NFV_ASSERT_OK(b.pause_rx(0));

  FrameSpec frames = spec(kMacA, kMacB, 9);
  const uint64_t first_batch = 3000;
  proto::SendParams send;
  send.port = 0;
  send.count = first_batch;
  send.frame = proto::to_frame_params(frames);
  send.rate_pps = 50000;
  NFV_ASSERT_OK_AND_ASSIGN(auto sent, a.send(send));
  ASSERT_EQ(sent.sent, first_batch);  // the switch took them all: it drops, the sender does not

  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats paused, b.port_stats(0));
  EXPECT_TRUE(paused.rx_paused);
  EXPECT_EQ(paused.rx_packets, 0u);

  NFV_ASSERT_OK_AND_ASSIGN(auto resumed, b.resume_rx(0));
  EXPECT_TRUE(resumed.drained);
  EXPECT_GT(resumed.frames, 0u);
  // Ten more frames after the backlog: once the last one is in, everything that will ever
  // arrive has arrived.
  NFV_ASSERT_OK_AND_ASSIGN(auto tail, a.send(0, frames, 10));
  EXPECT_EQ(tail.first_seq, first_batch);
  proto::WaitRxParams wait;
  wait.port = 0;
  wait.stream = 9;
  wait.until_seq = first_batch + 9;
  wait.timeout_ms = 20000;
  NFV_ASSERT_OK(b.wait_rx(wait));

  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats rx, b.port_stats(0));
  const proto::StreamStats* s = rx.stream(9);
  ASSERT_NE(s, nullptr);
  // Of the first batch, what the guest's ring held (256 descriptors), plus at most what the
  // sender's ring (64) and the switch's burst (32) still had when the guest resumed.
  uint64_t kept = s->received - 10;
  EXPECT_GE(kept, resumed.frames);
  EXPECT_GT(kept, 0u);
  EXPECT_LE(kept, 256u + 64u + 32u);
  EXPECT_EQ(s->first_seq, 0u);
  EXPECT_EQ(s->lost, first_batch - kept);
  EXPECT_EQ(s->reordered, 0u);
  EXPECT_EQ(rx.rx_packets, s->received);
}

TEST_F(TrafficE2eTest, BackgroundStreamRunsUntilStopped) {
  NFV_ASSERT_OK_AND_ASSIGN(auto guests, start_two_guests(port(0, kMacA), port(1, kMacB)));
  TrafficPeer& a = guests.a;
  TrafficPeer& b = guests.b;
  proto::StreamStartParams start;
  start.port = 0;
  start.stream = 5;
  start.rate_pps = 2000;
  start.frame = proto::to_frame_params(spec(kMacA, kMacB, 5, SizeSchedule::imix()));
  start.frame.timestamp = true;
  NFV_ASSERT_OK_AND_ASSIGN(auto started, a.stream_start(start));
  EXPECT_EQ(started.stream, 5);
  EXPECT_EQ(started.first_seq, 0u);

  auto again = a.stream_start(start);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("stream 5 is running in the background"), std::string::npos);

  proto::WaitRxParams wait;
  wait.port = 0;
  wait.stream = 5;
  wait.count = 200;
  NFV_ASSERT_OK(b.wait_rx(wait));
  NFV_ASSERT_OK_AND_ASSIGN(auto stopped, a.stream_stop(5));
  EXPECT_GE(stopped.sent, 200u);
  EXPECT_EQ(stopped.failed, 0u);
  EXPECT_EQ(stopped.next_seq, stopped.sent);
  wait.count = stopped.sent;
  NFV_ASSERT_OK(b.wait_rx(wait));
  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats rx, b.port_stats(0));
  const proto::StreamStats* s = rx.stream(5);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->received, stopped.sent);
  EXPECT_EQ(s->lost, 0u);
  EXPECT_EQ(s->last_seq, stopped.sent - 1);
  EXPECT_EQ(s->latency.samples, stopped.sent);

  auto unknown = a.stream_stop(5);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("stream 5 is not running (running: none)"),
            std::string::npos);
}

TEST_F(TrafficE2eTest, QueuesAreCountedSeparatelyAndOnlyEnabledOnesUsed) {
  NFV_ASSERT_OK_AND_ASSIGN(auto guests, start_two_guests(port(0, kMacA, 2), port(1, kMacB, 2), 2));
  TrafficPeer& a = guests.a;
  TrafficPeer& b = guests.b;
  NFV_ASSERT_OK(a.send(0, spec(kMacA, kMacB, 1), 50, 0));
  NFV_ASSERT_OK(a.send(0, spec(kMacA, kMacB, 2), 70, 1));
  NFV_ASSERT_OK(b.wait_rx(0, 120));
  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats rx, b.port_stats(0));
  ASSERT_EQ(rx.queues.size(), 2u);
  // testpmd forwards its receive queue q to transmit queue q of the other port.
  EXPECT_EQ(rx.queues[0].rx_packets, 50u);
  EXPECT_EQ(rx.queues[1].rx_packets, 70u);
  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats tx, a.port_stats(0));
  EXPECT_EQ(tx.queues[0].tx_packets, 50u);
  EXPECT_EQ(tx.queues[1].tx_packets, 70u);

  // A guest that enables one of the two queue pairs it was offered.
  NFV_ASSERT_OK(a.quit());
  NFV_ASSERT_OK_AND_ASSIGN(auto one, start_peer("one", {port(0, kMacA, 2, 1)}));
  NFV_ASSERT_OK_AND_ASSIGN(auto ports, one.ports());
  EXPECT_EQ(ports.ports[0].queues, 2);
  EXPECT_EQ(ports.ports[0].enabled_queues, 1);
  NFV_ASSERT_OK(one.wait_link(0));
  auto refused = one.send(0, spec(kMacA, kMacB, 3), 1, 1);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find(
                "port 0 (" + socket(0) +
                "): queue 1 is not enabled; the port has 1 enabled queue pair(s)"),
            std::string::npos);
  NFV_ASSERT_OK(one.send(0, spec(kMacA, kMacB, 3), 5, 0));
  NFV_ASSERT_OK(b.wait_rx(0, 125));
}

TEST_F(TrafficE2eTest, ForwardingCirculatesSeededFrames) {
  NFV_ASSERT_OK_AND_ASSIGN(auto looped, start_looped_guest("fwd"));
  TrafficPeer& peer = looped.peer;
  proto::ForwardParams forward;
  forward.pairs = {{0, 1}, {1, 0}};
  NFV_ASSERT_OK(peer.forward(forward));
  proto::SeedParams seed;
  seed.port = 0;
  seed.bursts = 2;
  NFV_ASSERT_OK_AND_ASSIGN(auto seeded, peer.seed(seed));
  EXPECT_EQ(seeded.sent, 64u);
  // The 64 frames go round: port 0 -> testpmd -> port 1 -> forwarded out of port 0 ...
  NFV_ASSERT_OK(peer.wait_rx(1, 20000, 30s));
  NFV_ASSERT_OK_AND_ASSIGN(auto stopped, peer.forward_stop());
  ASSERT_EQ(stopped.pairs.size(), 2u);
  EXPECT_GE(stopped.pairs[1].packets, 20000u - 64u);  // rx 1 -> tx 0
  EXPECT_GT(stopped.pps, 0.0);
  EXPECT_EQ(stopped.packets, stopped.pairs[0].packets + stopped.pairs[1].packets);
  auto not_forwarding = peer.forward_stop();
  ASSERT_FALSE(not_forwarding.ok());
  EXPECT_NE(not_forwarding.error().message.find("not forwarding"), std::string::npos);
}

TEST_F(TrafficE2eTest, ServerModePortsWaitForTheSwitchToConnect) {
  PortOption a = port(0, kMacA);
  a.server = true;
  PortOption b = port(1, kMacB);
  b.server = true;
  TrafficPeerOptions options;
  options.name = "server";
  options.ports = {a, b};
  options.wait_ready = false;  // start-up waits in accept() until testpmd connects
  NFV_ASSERT_OK_AND_ASSIGN(auto peer, TrafficPeer::start(dir(), options));
  // The sockets appear first (in port order), then testpmd connects to them as a client.
  NFV_ASSERT_OK(wait_for_path(socket(0), peer.process().exit_fd(), Clock::now() + 20s));
  TestpmdSwitchOptions client;
  client.sockets = {socket(0), socket(1)};
  client.client = true;
  NFV_ASSERT_OK_AND_ASSIGN(auto testpmd, TestpmdSwitch::start(dir(), client));
  NFV_ASSERT_OK_AND_ASSIGN(auto ports, peer.ports());
  EXPECT_TRUE(ports.ports[0].server);
  NFV_ASSERT_OK(peer.wait_link(0, 20s));
  NFV_ASSERT_OK(peer.wait_link(1, 20s));
  NFV_ASSERT_OK(peer.send(0, spec(kMacA, kMacB, 4), 100));
  proto::WaitRxParams wait;
  wait.port = 1;
  wait.stream = 4;
  wait.count = 100;
  NFV_ASSERT_OK(peer.wait_rx(wait));
  NFV_ASSERT_OK_AND_ASSIGN(ExitStatus status, peer.quit());
  EXPECT_TRUE(status.success()) << status.describe();
  EXPECT_FALSE(exists(socket(0)));
  EXPECT_FALSE(exists(socket(1)));
}

TEST_F(TrafficE2eTest, SigtermStopsCleanlyEvenBeforeTheSwitchConnects) {
  NFV_ASSERT_OK_AND_ASSIGN(auto testpmd, start_testpmd());
  NFV_ASSERT_OK_AND_ASSIGN(auto running, start_peer("running", {port(0, kMacA)}));
  NFV_ASSERT_OK(running.wait_link(0));
  ASSERT_TRUE(exists(dpdk_runtime_dir(running.file_prefix())));
  kill(running.process().pid(), SIGTERM);
  NFV_ASSERT_OK_AND_ASSIGN(ExitStatus status, running.process().wait(Clock::now() + 20s));
  EXPECT_TRUE(status.success()) << status.describe();
  EXPECT_FALSE(exists(dpdk_runtime_dir(running.file_prefix())));

  // A ',server' port blocks start-up until a switch connects; SIGTERM still ends it.
  PortOption waiting = port(2, kMacB);
  waiting.server = true;
  TrafficPeerOptions options;
  options.name = "waiting";
  options.ports = {waiting};
  options.wait_ready = false;
  NFV_ASSERT_OK_AND_ASSIGN(auto early, TrafficPeer::start(dir(), options));
  NFV_ASSERT_OK(wait_for_path(socket(2), early.process().exit_fd(), Clock::now() + 20s));
  kill(early.process().pid(), SIGTERM);
  NFV_ASSERT_OK_AND_ASSIGN(status, early.process().wait(Clock::now() + 20s));
  EXPECT_TRUE(status.success()) << status.describe();
  EXPECT_FALSE(exists(socket(2)));
  EXPECT_FALSE(exists(dpdk_runtime_dir(early.file_prefix())));
}

TEST_F(TrafficE2eTest, BadCommandsGetErrorRepliesAndThePeerCarriesOn) {
  NFV_ASSERT_OK_AND_ASSIGN(auto testpmd, start_testpmd());
  NFV_ASSERT_OK_AND_ASSIGN(auto peer, start_peer("errors", {port(0, kMacA)}));
  auto error_of = [&](const std::string& line) {
    auto reply = peer.call_raw(line, "raw");
    return reply.ok() ? std::string("(ok)") : reply.error().message;
  };
  EXPECT_NE(error_of("this is not json").find(": raw: request is not a JSON object"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cmd":"fly"})").find("unknown command 'fly'; commands: ports, "),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cmd":"stats","port":3})")
                .find("port 3 does not exist: nfv-traffic has 1 port(s)"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cmd":"send","port":0,"count":1,"frame":{"sise":64}})")
                .find("send.frame: unknown field 'sise'"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cmd":"send","port":0,"count":1,"frame":{"size":4000}})")
                .find("frame size 4000 does not fit one mbuf (2048 bytes)"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"cmd":"wait_rx","port":0,"count":1,"timeout_ms":50})")
                .find("port 0: received 0 of 1 frames within 50 ms"),
            std::string::npos);
  // The log tail comes with every failure.
  EXPECT_NE(error_of(R"({"cmd":"fly"})").find("--- last lines of " + peer.log_path()),
            std::string::npos);
  NFV_ASSERT_OK_AND_ASSIGN(auto ports, peer.ports());
  ASSERT_EQ(ports.ports.size(), 1u);
  EXPECT_EQ(ports.ports[0].mac, "02:00:00:00:00:0a");
  EXPECT_EQ(ports.file_prefix, peer.file_prefix());
}

}  // namespace
}  // namespace nfv::testing
