// vhost-user ports against real guest behaviour: guests that crash and come back,
// a switch restarted under client-mode guests, multiqueue over two PMDs, a guest that stops
// draining, and hostile clients on the socket. Every guest is an nfv-traffic process (DPDK
// virtio-user), every switch a real nfv-switch process; no hugepages.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>

#include "nfv/common/unique_fd.h"
#include "nfv/testing/guest_traffic.h"
#include "nfv/testing/guests.h"
#include "nfv/testing/log_files.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_guests.h"
#include "nfv/testing/switch_process.h"
#include "nfv/testing/test_binaries.h"
#include "nfv/testing/wait.h"

namespace nfv::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// nfv-switch with vhost ports a, b and c in one learning bridge; a and c with `queues` pairs.
SwitchProcessOptions bridge_of_three(uint16_t queues = 1) {
  std::string q = ",queues=" + std::to_string(queues);
  return vhost_switch({"a" + q, "b", "c" + q}, {"--bridge", "br0:a,b,c"});
}

// ---- a guest that crashes and comes back ---------------------------------------------

TEST(GuestLifecycle, PeerRestartedTwentyTimesCostsTheOthersNothing) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SwitchProcessOptions options = bridge_of_three();
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, options));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(dir, sw, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(dir, sw, "b", kMacB));
  std::optional<TrafficPeer> c;
  {
    NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer first,
                             start_guest(dir, "c0", guest_port(sw.socket_path("c"), kMacC)));
    c.emplace(std::move(first));
  }
  NFV_ASSERT_OK(introduce_guests(sw, {a, b, *c}));

  // a <-> b steadily; a -> c towards the guest that keeps crashing.
  // NFV_FLAP_RATE_PPS raises the rate to measure what the others keep (closing notes).
  const char* rate_env = std::getenv("NFV_FLAP_RATE_PPS");
  const uint64_t rate = rate_env ? std::strtoull(rate_env, nullptr, 10) : 10000;
  NFV_ASSERT_OK(start_stream(a, kMacA, kMacB, 1, rate));
  NFV_ASSERT_OK(start_stream(b, kMacB, kMacA, 2, rate));
  NFV_ASSERT_OK(start_stream(a, kMacA, kMacC, 3, rate / 4));
  auto start = Clock::now();

  const char* rounds_env = std::getenv("NFV_FLAP_ROUNDS");  // 0: the same traffic, no flaps
  const int rounds = rounds_env ? std::atoi(rounds_env) : 20;
  for (int round = 1; round <= rounds; ++round) {
    // Half of the exits are crashes (no clean-up in the guest), half are polite.
    if (round % 2) {
      ::kill(c->process().pid(), SIGKILL);
      NFV_ASSERT_OK(c->process().wait(Clock::now() + seconds(10)));
    } else {
      NFV_ASSERT_OK(c->quit());
    }
    c.reset();
    ASSERT_TRUE(wait_until(
        [&] {
          auto p = sw.port_info("c");
          return p && p->link == "down";
        },
        seconds(10), "port c goes down after its guest exited"))
        << "round " << round;
    NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer next, start_guest(dir, "c" + std::to_string(round),
                                                           guest_port(sw.socket_path("c"), kMacC)));
    c.emplace(std::move(next));
    // Traffic reaches the new guest: the port is back in the forwarding snapshot.
    proto::WaitRxParams wait;
    wait.count = 20;
    wait.stream = 3;
    auto reached = c->wait_rx(wait);
    ASSERT_TRUE(reached) << "round " << round << ": " << reached.error().message;
  }
  if (rounds == 0) {
    // The baseline without flaps carries what a run of 20 flaps takes about 6 s to carry.
    proto::WaitRxParams carried;
    carried.count = 6 * rate;
    carried.stream = 1;
    carried.timeout_ms = 30000;
    NFV_ASSERT_OK(b.wait_rx(carried));
  }
  double flapping_s = seconds_since(start);
  NFV_ASSERT_OK_AND_ASSIGN(auto ab, a.stream_stop(1));
  NFV_ASSERT_OK_AND_ASSIGN(auto ba, b.stream_stop(2));
  NFV_ASSERT_OK(a.stream_stop(3));

  EXPECT_TRUE(ReceivedAll(b, 1, ab.sent));
  EXPECT_TRUE(ReceivedAll(a, 2, ba.sent));
  EXPECT_EQ(ab.failed + ba.failed, 0u);
  double pps = static_cast<double>(ab.sent + ba.sent) / flapping_s;
  RecordProperty("flap_seconds", std::to_string(flapping_s));
  RecordProperty("others_pps", std::to_string(pps));
  std::printf("%d restarts of guest c in %.1f s; a<->b offered %.0f pps\n", rounds, flapping_s,
              pps);

  // The flapping port's counters explain what it cost: frames towards c while it was away.
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_a, sw.stats("a"));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_b, sw.stats("b"));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_c, sw.stats("c"));
  EXPECT_GT(port_c.drops["port_down_tx"], 0u);
  EXPECT_EQ(port_c.tx_attempts, port_c.tx_packets + port_c.tx_dropped);
  EXPECT_EQ(port_a.tx_dropped + port_b.tx_dropped + port_a.rx_dropped + port_b.rx_dropped, 0u);
  EXPECT_TRUE(CountersBalance(port_a));
  EXPECT_TRUE(CountersBalance(port_b));
  EXPECT_TRUE(CountersBalance(port_c));
  EXPECT_EQ(sw.port_info("c")->reconnects, static_cast<uint32_t>(rounds));
}

// ---- client mode: the switch restarts, the guests do nothing -------------------------

TEST(ClientMode, SwitchRestartUnderTrafficResumesWithinTwoSeconds) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string sock_a = dir.file("guest-a.sock");
  std::string sock_b = dir.file("guest-b.sock");
  SwitchProcessOptions options;
  options.name = "client-switch";
  options.file_prefix = unique_file_prefix("client-switch");
  options.args = {"--port",     "a,type=vhost,mode=client,path=" + sock_a,
                  "--port",     "b,type=vhost,mode=client,path=" + sock_b,
                  "--xconnect", "a,b"};

  // The switch first: the guests' sockets do not exist yet, it keeps trying.
  std::optional<SwitchProcess> sw;
  {
    NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess first, SwitchProcess::start(dir, options));
    sw.emplace(std::move(first));
  }
  TrafficPeerOptions guest;
  guest.wait_ready = false;  // waits in accept() until the switch connects
  guest.name = "a";
  guest.ports = {guest_port(sock_a, kMacA, 1, 0, /*server=*/true)};
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, TrafficPeer::start(dir, guest));
  guest.name = "b";
  guest.ports = {guest_port(sock_b, kMacB, 1, 0, /*server=*/true)};
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, TrafficPeer::start(dir, guest));
  NFV_ASSERT_OK(a.wait_link(0, seconds(20)));
  NFV_ASSERT_OK(b.wait_link(0, seconds(20)));
  pid_t pid_a = a.process().pid();
  pid_t pid_b = b.process().pid();

  NFV_ASSERT_OK(start_stream(a, kMacA, kMacB, 1, 10000));
  NFV_ASSERT_OK(b.wait_rx(0, 1000));

  // A crash of the switch under traffic, then the same switch again.
  sw->kill();
  sw.reset();
  NFV_ASSERT_OK_AND_ASSIGN(proto::PortStats before, b.port_stats(0));
  auto restart = Clock::now();
  {
    NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess second, SwitchProcess::start(dir, options));
    sw.emplace(std::move(second));
  }
  double start_s = seconds_since(restart);
  auto ready = Clock::now();
  bool resumed = poll_until(
      [&] {
        auto now = b.port_stats(0);
        return now && now->rx_packets > before.rx_packets;
      },
      seconds(10), milliseconds(5));
  double resume_s = seconds_since(ready);
  ASSERT_TRUE(resumed) << "no traffic 10 s after the restart\n" << file_tail(sw->log_path(), 30);
  double total_s = start_s + resume_s;
  std::printf("switch restart: control socket after %.3f s, traffic %.3f s after the launch\n",
              start_s, total_s);
  RecordProperty("restart_to_traffic_s", std::to_string(total_s));
  EXPECT_LT(total_s, 2.0) << "guests reconnect and traffic flows within 2 s of the restart";

  // The same guest processes, untouched, and the stream flows on without new losses.
  EXPECT_EQ(a.process().pid(), pid_a);
  EXPECT_EQ(b.process().pid(), pid_b);
  NFV_ASSERT_OK_AND_ASSIGN(auto s, stream_stats(b, 1));
  proto::WaitRxParams wait;
  wait.count = s.received + 2000;
  wait.stream = 1;
  wait.timeout_ms = 10000;
  NFV_ASSERT_OK(b.wait_rx(wait));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_a, sw->stats("a"));
  EXPECT_GE(port_a.forwarded, 2000u);
  EXPECT_TRUE(CountersBalance(port_a));
  NFV_ASSERT_OK(a.stream_stop(1));
}

// ---- multiqueue ----------------------------------------------------------------------

TEST(Multiqueue, FourQueuesOverTwoPmdsAndAGuestThatEnablesOne) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SwitchProcessOptions options = bridge_of_three(4);
  options.pmd_cpus = {0, 1};
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, options));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(dir, sw, "a", kMacA, 4));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(dir, sw, "b", kMacB));
  // c offers 4 queue pairs but its driver enables only the first.
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer c, start_guest_on(dir, sw, "c", kMacC, 4, 1));

  ASSERT_TRUE(wait_until(
      [&] {
        auto pa = sw.port_info("a");
        auto pc = sw.port_info("c");
        return pa && pc && pa->enabled_queues.size() == 4 && pc->enabled_queues.size() == 1;
      },
      seconds(10), "a reports 4 enabled queue pairs, c one"));
  EXPECT_EQ(sw.port_info("c")->enabled_queues, std::vector<uint32_t>{0});

  // a's four receive queues are spread over both PMDs, two each; c's disabled ones idle.
  NFV_ASSERT_OK_AND_ASSIGN(auto pmds, sw.client().call(api::kPmdList, {}));
  ASSERT_EQ(pmds.pmds.size(), 2u);
  for (const api::PmdInfo& pmd : pmds.pmds) {
    int a_queues = 0;
    for (const api::RxqInfo& rxq : pmd.rxqs) {
      if (rxq.port == "a") ++a_queues;
      if (rxq.port == "c") {
        EXPECT_EQ(rxq.enabled, rxq.queue == 0) << "c queue " << rxq.queue;
      }
    }
    EXPECT_EQ(a_queues, 2) << "PMD " << pmd.id;
  }

  NFV_ASSERT_OK(introduce_guests(sw, {a, b, c}));

  // From each of a's queues to b and to c: both PMDs transmit to c's single queue.
  const uint64_t per_queue = 1000;
  for (uint16_t q = 0; q < 4; ++q) {
    proto::SendParams send;
    send.queue = q;
    send.count = per_queue;
    send.rate_pps = 20000;
    send.frame = frames_between(kMacA, kMacB, 1 + q);
    NFV_ASSERT_OK(a.send(send));
    send.frame = frames_between(kMacA, kMacC, 11 + q);
    NFV_ASSERT_OK(a.send(send));
  }
  for (uint16_t q = 0; q < 4; ++q) {
    EXPECT_TRUE(ReceivedAll(b, 1 + q, per_queue));
    EXPECT_TRUE(ReceivedAll(c, 11 + q, per_queue));
  }
  // Back from b to a over the PMD that polls b: a gets it on an enabled queue.
  proto::SendParams back;
  back.count = per_queue;
  back.rate_pps = 20000;
  back.frame = frames_between(kMacB, kMacA, 21);
  NFV_ASSERT_OK(b.send(back));
  EXPECT_TRUE(ReceivedAll(a, 21, per_queue));

  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_a, sw.stats("a"));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_c, sw.stats("c"));
  ASSERT_EQ(port_a.rx_queues.size(), 4u);
  std::set<uint32_t> pmds_used;
  for (const api::RxqStats& rxq : port_a.rx_queues) {
    EXPECT_EQ(rxq.packets, 2 * per_queue + (rxq.queue == 0 ? 1 : 0)) << "a queue " << rxq.queue;
    pmds_used.insert(rxq.pmd);
  }
  EXPECT_EQ(pmds_used.size(), 2u);
  EXPECT_EQ(port_c.tx_dropped, 0u) << "nothing sent to c's disabled queues";
  EXPECT_TRUE(CountersBalance(port_a));
  EXPECT_TRUE(CountersBalance(port_c));
}

// ---- a guest that stops draining -----------------------------------------------------

TEST(SlowGuest, FullQueueDropsAreCountedAndOtherPortsKeepTheirRate) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SwitchProcessOptions options = bridge_of_three();
  NFV_ASSERT_OK_AND_ASSIGN(SwitchProcess sw, SwitchProcess::start(dir, options));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(dir, sw, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(dir, sw, "b", kMacB));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer c, start_guest_on(dir, sw, "c", kMacC));
  NFV_ASSERT_OK(introduce_guests(sw, {a, b, c}));

  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats b_before, sw.stats("b"));
  NFV_ASSERT_OK(b.pause_rx(0));
  const uint64_t rate = 20000;
  NFV_ASSERT_OK(start_stream(a, kMacA, kMacC, 1, rate));  // a -> c, the port that drains
  auto start = Clock::now();
  // 3000 frames towards b: its 1024-descriptor ring fills, the rest must be dropped.
  proto::SendParams flood;
  flood.count = 3000;
  flood.rate_pps = rate;
  flood.frame = frames_between(kMacA, kMacB, 2);
  NFV_ASSERT_OK_AND_ASSIGN(auto to_b, a.send(flood));
  NFV_ASSERT_OK_AND_ASSIGN(auto to_c, a.stream_stop(1));
  double elapsed = seconds_since(start);

  EXPECT_TRUE(ReceivedAll(c, 1, to_c.sent));
  double c_pps = static_cast<double>(to_c.sent) / elapsed;
  EXPECT_GT(c_pps, 0.9 * rate) << "a -> c kept its offered rate while b was stuck";
  std::printf("a -> c: %.0f pps offered %lu, while b did not drain\n", c_pps, rate);

  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_b, sw.stats("b"));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats port_c, sw.stats("c"));
  EXPECT_EQ(port_b.tx_attempts - b_before.tx_attempts, to_b.sent);
  EXPECT_GT(port_b.drops["tx_queue_full"], 0u);
  EXPECT_LE(port_b.tx_packets - b_before.tx_packets, 1024u) << "no more than b's ring holds";
  EXPECT_EQ(port_b.tx_packets + port_b.drops["tx_queue_full"], port_b.tx_attempts);
  EXPECT_EQ(port_c.tx_dropped, 0u);
  EXPECT_TRUE(CountersBalance(port_b));
  EXPECT_TRUE(CountersBalance(port_c));

  // b drains again: what the switch queued arrives, and then every new frame does.
  NFV_ASSERT_OK_AND_ASSIGN(auto resumed, b.resume_rx(0));
  EXPECT_TRUE(resumed.drained);
  NFV_ASSERT_OK_AND_ASSIGN(auto queued, stream_stats(b, 2));
  EXPECT_EQ(queued.received, port_b.tx_packets - b_before.tx_packets);
  flood.count = 1000;
  NFV_ASSERT_OK(a.send(flood));
  proto::WaitRxParams wait;
  wait.stream = 2;
  wait.count = queued.received + 1000;
  NFV_ASSERT_OK(b.wait_rx(wait));
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats after, sw.stats("b"));
  EXPECT_EQ(after.drops["tx_queue_full"], port_b.drops["tx_queue_full"]);
}

// ---- hostile input on the socket -----------------------------------------------------

// A plain unix-socket client of `path` (not a vhost-user frontend).
UniqueFd connect_unix(const std::string& path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path.c_str());
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) fd.reset();
  return fd;
}

// Connects to `path` as a plain unix client, writes `bytes` and waits for the switch to hang up.
::testing::AssertionResult WriteAndExpectHangUp(const std::string& path,
                                                const std::vector<uint8_t>& bytes) {
  UniqueFd fd = connect_unix(path);
  if (!fd.valid()) {
    return ::testing::AssertionFailure() << "connect " << path << ": " << std::strerror(errno);
  }
  if (::send(fd.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL) < 0) {
    return ::testing::AssertionFailure() << "send: " << std::strerror(errno);
  }
  ::shutdown(fd.get(), SHUT_WR);
  timeval timeout{10, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  char buffer[256];
  while (true) {
    ssize_t n = ::recv(fd.get(), buffer, sizeof(buffer), 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET)) return ::testing::AssertionSuccess();
    if (n < 0) {
      return ::testing::AssertionFailure()
             << "the switch kept the connection: " << std::strerror(errno);
    }
  }
}

std::vector<uint8_t> vhost_message(uint32_t request, uint32_t flags, uint32_t size,
                                   std::vector<uint8_t> payload = {}) {
  // The vhost-user header: request, flags, payload size (host byte order), then the payload.
  std::vector<uint8_t> bytes;
  for (uint32_t word : {request, flags, size}) {
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(word >> (8 * i)));
  }
  for (uint8_t byte : payload) bytes.push_back(byte);
  return bytes;
}

std::string not_negotiated_line(const std::string& port, const std::string& socket) {
  return "port " + port + ": a client on " + socket +
         " disconnected before completing vhost-user negotiation (not a vhost-user frontend, or "
         "it failed); the port keeps waiting for a guest";
}

TEST(HostileInput, GarbageAndAbsurdQueueCountsLeaveTheSwitchRunning) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(
      SwitchProcess sw,
      SwitchProcess::start(dir, vhost_switch({"a", "b", "c,queues=2"}, {"--xconnect", "a,b"})));
  const std::string sock_a = sw.socket_path("a");
  const std::string not_negotiated = not_negotiated_line("a", sock_a);

  // Not vhost-user at all; a header announcing a 4 GiB payload; an unknown request;
  // a vring index far beyond any queue.
  EXPECT_TRUE(WriteAndExpectHangUp(sock_a, std::vector<uint8_t>(64, 0xff)));
  EXPECT_TRUE(WriteAndExpectHangUp(sock_a, vhost_message(1, 1, 0xffffffffu)));
  EXPECT_TRUE(WriteAndExpectHangUp(sock_a, vhost_message(9999, 1, 0)));
  std::vector<uint8_t> vring = {0xa0, 0x86, 0x01, 0x00, 0, 0, 0, 0};  // index 100000, num 0
  EXPECT_TRUE(WriteAndExpectHangUp(sock_a, vhost_message(8, 1, 8, vring)));
  NFV_ASSERT_OK_AND_ASSIGN(auto info, sw.client().call(api::kSwitchInfo, {}));
  EXPECT_GT(info.pid, 0);
  EXPECT_EQ(sw.port_info("a")->link, "down");
  // Each of them is named as what it was, not as a guest that left.
  EXPECT_TRUE(wait_until([&] { return file_count(sw.log_path(), not_negotiated) >= 4; }, seconds(5),
                         "four failed negotiations logged"))
      << file_tail(sw.log_path(), 30);
  EXPECT_FALSE(file_contains(sw.log_path(), "port a: vhost-user connection closed"));

  // A guest asking for 8 queue pairs on a one-queue port: the port does not offer
  // multiqueue, so a DPDK virtio-user frontend refuses to start ("MQ not supported");
  // the switch names the failed negotiation and carries on.
  size_t failed_before = file_count(sw.log_path(), not_negotiated);
  {
    TrafficPeerOptions greedy;
    greedy.name = "a8";
    greedy.ports = {guest_port(sock_a, kMacA, 8)};
    auto peer = TrafficPeer::start(dir, greedy);
    EXPECT_TRUE(!peer.ok() || !peer->wait_link(0, seconds(3)).ok())
        << "a frontend with 8 queue pairs came up on a port without multiqueue";
  }
  EXPECT_TRUE(wait_until([&] { return file_count(sw.log_path(), not_negotiated) > failed_before; },
                         seconds(10), "the 8-queue frontend's failed negotiation logged"))
      << file_tail(sw.log_path(), 30);
  EXPECT_EQ(sw.port_info("a")->link, "down");

  // A guest offering 8 queue pairs to a two-queue port: served on the first two; the log
  // says what happens to the rest and how to fix it.
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer c, start_guest_on(dir, sw, "c", kMacC, 8));
  EXPECT_TRUE(wait_until(
      [&] {
        return file_contains(sw.log_path(),
                             "port c: guest offers 8 queue pairs, the port has 2: the switch polls "
                             "queue pairs 0-1 only; frames the guest sends on queue pairs 2-7") &&
               file_contains(sw.log_path(),
                             "Fix: start the guest with queues=2 (QEMU -netdev "
                             "vhost-user,...,queues=2), or add the port with "
                             "queues=8");
      },
      seconds(5), "the queue mismatch and its fix logged"))
      << file_tail(sw.log_path(), 30);

  // A well-behaved guest still gets the port.
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(dir, sw, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(dir, sw, "b", kMacB));
  EXPECT_TRUE(SendAndReceiveAll(a, kMacA, b, kMacB, 1));
  EXPECT_TRUE(SendAndReceiveAll(b, kMacB, a, kMacA, 2));
}

// A second vhost-user client on a port's socket while a guest runs on it: ignored. It
// neither takes the port over nor changes its queues, and when it leaves, the guest's
// device is untouched (before, the port switched to the intruder's vid and lost its guest).
TEST(HostileInput, ASecondClientOnTheSocketIsIgnoredAndCostsTheGuestNothing) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(
      SwitchProcess sw, SwitchProcess::start(dir, vhost_switch({"a", "b"}, {"--xconnect", "a,b"})));
  const std::string sock_a = sw.socket_path("a");
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(dir, sw, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(dir, sw, "b", kMacB));
  // The guest's vid, from its "guest ready" line.
  int guest_vid = -1;
  ASSERT_TRUE(wait_until(
      [&] {
        std::ifstream in(sw.log_path());
        const std::string ready = "port a: guest ready (vid ";
        for (std::string line; std::getline(in, line);) {
          if (auto at = line.find(ready); at != std::string::npos) {
            guest_vid = std::atoi(line.c_str() + at + ready.size());
          }
        }
        return guest_vid >= 0;
      },
      seconds(10), "port a's guest ready line logged"))
      << file_tail(sw.log_path(), 30);

  NFV_ASSERT_OK(start_stream(a, kMacA, kMacB, 1, 10000));
  NFV_ASSERT_OK(start_stream(b, kMacB, kMacA, 2, 10000));
  NFV_ASSERT_OK(b.wait_rx(0, 1000));

  {
    // A complete vhost-user frontend (same MAC, to make any leak visible) on a's socket.
    TrafficPeerOptions second;
    second.name = "intruder";
    second.ports = {guest_port(sock_a, kMacA)};
    NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer intruder, TrafficPeer::start(dir, second));
    const std::string warning = "port a: a second vhost-user client (vid ";
    const std::string rest = ") connected to port a's socket " + sock_a + " while guest vid " +
                             std::to_string(guest_vid) +
                             " is attached; it is ignored: give each guest its own port";
    EXPECT_TRUE(wait_until(
        [&] { return file_contains(sw.log_path(), warning) && file_contains(sw.log_path(), rest); },
        seconds(10), "the second client's warning logged"))
        << file_tail(sw.log_path(), 30);
    EXPECT_EQ(file_count(sw.log_path(), warning), 1u) << "one warning per intruder";
    // The intruder has negotiated everything it could; the guest keeps the port.
    NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo p, sw.port_info("a"));
    EXPECT_EQ(p.link, "up");
    EXPECT_EQ(p.enabled_queues, std::vector<uint32_t>{0});
    // What it sends is never read; a's own traffic is unaffected.
    proto::SendParams send;
    send.count = 100;
    send.frame = frames_between(kMacA, kMacB, 3);
    (void)intruder.send(send);
    NFV_ASSERT_OK(intruder.quit());  // stops its device, closes its connection
  }
  EXPECT_TRUE(wait_until(
      [&] { return file_contains(sw.log_path(), "port a: an ignored vhost-user connection on"); },
      seconds(10), "the ignored connection's end logged"))
      << file_tail(sw.log_path(), 30);

  // Traffic flows on both ways after the intruder left, with nothing lost.
  NFV_ASSERT_OK_AND_ASSIGN(auto so_far, stream_stats(b, 1));
  proto::WaitRxParams wait;
  wait.count = so_far.received + 2000;
  wait.stream = 1;
  wait.timeout_ms = 10000;
  NFV_ASSERT_OK(b.wait_rx(wait));
  NFV_ASSERT_OK_AND_ASSIGN(auto ab, a.stream_stop(1));
  NFV_ASSERT_OK_AND_ASSIGN(auto ba, b.stream_stop(2));
  EXPECT_TRUE(ReceivedAll(b, 1, ab.sent));
  EXPECT_TRUE(ReceivedAll(a, 2, ba.sent));
  EXPECT_EQ(ab.failed + ba.failed, 0u);
  auto stream3 = stream_stats(b, 3);
  EXPECT_FALSE(stream3.ok()) << "frames of the ignored client were forwarded";

  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo p, sw.port_info("a"));
  EXPECT_EQ(p.link, "up");
  EXPECT_EQ(p.enabled_queues, std::vector<uint32_t>{0});
  EXPECT_EQ(p.reconnects, 0u) << "an ignored client is not a reconnect";
  NFV_ASSERT_OK_AND_ASSIGN(api::PortStats stats_a, sw.stats("a"));
  EXPECT_EQ(stats_a.rx_dropped + stats_a.tx_dropped, 0u);
  EXPECT_TRUE(CountersBalance(stats_a));
}

// A client that connects to a port's socket and then says nothing (a port scanner, a stuck
// frontend) holds a connection but never becomes a device: the guest that comes next gets
// the port and its traffic flows; the silent client's eventual exit is named for what it was.
TEST(HostileInput, ASilentClientDoesNotKeepTheGuestOut) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_ASSERT_OK_AND_ASSIGN(
      SwitchProcess sw, SwitchProcess::start(dir, vhost_switch({"a", "b"}, {"--xconnect", "a,b"})));
  const std::string sock_a = sw.socket_path("a");
  UniqueFd silent = connect_unix(sock_a);
  ASSERT_TRUE(silent.valid()) << std::strerror(errno);
  ASSERT_TRUE(wait_until(
      [&] { return file_contains(sw.log_path(), "port a: vhost-user client connected on"); },
      seconds(10), "the silent client's connection logged"))
      << file_tail(sw.log_path(), 30);

  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer a, start_guest_on(dir, sw, "a", kMacA));
  NFV_ASSERT_OK_AND_ASSIGN(TrafficPeer b, start_guest_on(dir, sw, "b", kMacB));
  EXPECT_TRUE(SendAndReceiveAll(a, kMacA, b, kMacB, 1));

  silent.reset();
  EXPECT_TRUE(
      wait_until([&] { return file_count(sw.log_path(), not_negotiated_line("a", sock_a)) == 1; },
                 seconds(10), "the silent client's exit logged as a failed negotiation"))
      << file_tail(sw.log_path(), 30);
  NFV_ASSERT_OK_AND_ASSIGN(api::PortInfo p, sw.port_info("a"));
  EXPECT_EQ(p.link, "up") << "the silent client's exit does not touch the guest";
  EXPECT_TRUE(SendAndReceiveAll(b, kMacB, a, kMacA, 2));
  EXPECT_EQ(p.reconnects, 0u);
}

}  // namespace
}  // namespace nfv::testing
