// Port security in a running switch: a guest port may send only from its MACs and addresses,
// may not act as a router or DHCP server unless trusted, and everything it may not send is
// dropped and counted as anti_spoof on its port, nothing of it delivered. Ports without port
// security forward all of it; port.set turns it on and off at run time.
#include <gtest/gtest.h>

#include <random>

#include "support/eal_environment.h"
#include "support/l3_frames.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

constexpr const char* kBroadcast = "ff:ff:ff:ff:ff:ff";
constexpr const char* kVm = "02:00:00:00:00:05";
constexpr const char* kOther = "02:00:00:00:00:66";

api::PortSecurityConfig guest(bool trusted = false) {
  return api::PortSecurityConfig{true, {kVm}, {"10.0.0.5", "2001:db8::5"}, trusted};
}

api::PortSetParams set_security(const std::string& port, const api::PortSecurityConfig& config) {
  api::PortSetParams params;
  params.name = port;
  params.security = config;
  return params;
}

Bytes from_vm(uint16_t type, const Bytes& payload) { return ether(kBroadcast, kVm, type, payload); }

std::vector<Bytes> legitimate() {
  return {
      from_vm(kIpv4, ipv4("10.0.0.5", "10.0.0.1", 17, udp(1000, 2000))),
      from_vm(kIpv4, ipv4("0.0.0.0", "255.255.255.255", 17, udp(68, 67, 240))),  // DHCP discover
      from_vm(kArp, arp(1, kVm, "10.0.0.5", "10.0.0.1")),
      from_vm(kArp, arp(1, kVm, "0.0.0.0", "10.0.0.5")),  // probe
      from_vm(kIpv6, ipv6("2001:db8::5", "2001:db8::1", 17, udp(1000, 2000))),
      from_vm(kIpv6, ipv6("fe80::5", "ff02::1", 58, icmpv6(128))),  // echo, link-local source
      from_vm(kIpv6, ipv6("::", "ff02::1:ff00:5", 58, neighbour(135, "2001:db8::5"))),  // DAD
      from_vm(kIpv6, ipv6("2001:db8::5", "ff02::1:ff00:1", 58, neighbour(135, "2001:db8::1", kVm))),
      from_vm(kIpv6, ipv6("2001:db8::5", "ff02::1", 58, neighbour(136, "2001:db8::5", kVm))),
      from_vm(kIpv6, ipv6("fe80::5", "ff02::1", 58, neighbour(136, "fe80::5", kVm))),
      from_vm(kIpv6, ipv6("fe80::5", "ff02::2", 58, icmpv6(133))),  // router solicitation
      from_vm(kIpv6, ipv6("2001:db8::5", "ff02::16", 0, hop_by_hop(58, icmpv6(143)))),  // MLD
  };
}

// What only a router or DHCP server sends: refused from an untrusted port.
std::vector<Bytes> server_replies() {
  return {
      from_vm(kIpv6, ipv6("fe80::5", "ff02::1", 58, icmpv6(134, Bytes(12, 0)))),  // RA
      from_vm(kIpv6, ipv6("fe80::5", "ff02::1", 0, hop_by_hop(58, icmpv6(134, Bytes(12, 0))))),
      from_vm(kIpv6, ipv6("fe80::5", "fe80::9", 58, icmpv6(137, Bytes(36, 0)))),  // redirect
      from_vm(kIpv4, ipv4("10.0.0.5", "255.255.255.255", 17, udp(67, 68, 240))),  // DHCP offer
      from_vm(kIpv6, ipv6("fe80::5", "fe80::9", 17, udp(547, 546))),              // DHCPv6 reply
  };
}

std::vector<Bytes> spoofed() {
  return {
      ether(kBroadcast, kOther, kIpv4, ipv4("10.0.0.5", "10.0.0.1", 17, udp(1000, 2000))),
      from_vm(kIpv4, ipv4("10.0.0.6", "10.0.0.1", 17, udp(1000, 2000))),
      from_vm(kIpv4, ipv4("0.0.0.0", "10.0.0.1", 17, udp(1000, 2000))),  // 0.0.0.0, not DHCP
      from_vm(kArp, arp(2, kOther, "10.0.0.5", "10.0.0.1")),             // sender MAC
      from_vm(kArp, arp(2, kVm, "10.0.0.1", "10.0.0.1")),                // claims the gateway
      from_vm(kIpv6, ipv6("2001:db8::6", "2001:db8::1", 17, udp(1000, 2000))),
      from_vm(kIpv6, ipv6("2001:db8::5", "ff02::1", 58, neighbour(136, "2001:db8::1", kVm))),
      from_vm(kIpv6, ipv6("2001:db8::5", "ff02::1", 58, neighbour(135, "2001:db8::1", kOther))),
      make_frame(kBroadcast, kVm),  // EtherType 0x88b5
      from_vm(kIpv4, Bytes(10, 0x45)),
      from_vm(kArp, Bytes{0, 1, 8, 0, 6, 4}),
      from_vm(kIpv6, Bytes(20, 0x60)),
  };
}

class AntiSpoofTest : public ::testing::Test {
 protected:
  void SetUp() override { h.add_bridge("br0"); }
  void TearDown() override { h.expect_counter_invariants(); }

  // Every frame from `in` must arrive at `out` unchanged and in order.
  void expect_delivered(const std::string& in, const std::string& out,
                        const std::vector<Bytes>& frames) {
    uint64_t refused = h.drops(in, "anti_spoof");
    h.inject(in, frames);
    EXPECT_TRUE(SameFrames(h.collect(out, frames.size()), frames));
    h.settle();
    EXPECT_EQ(h.drops(in, "anti_spoof"), refused);
  }
  // Every frame from `in` must be dropped as anti_spoof; nothing reaches `out`.
  void expect_refused(const std::string& in, const std::string& out,
                      const std::vector<Bytes>& frames) {
    uint64_t before = h.drops(in, "anti_spoof");
    uint64_t forwarded = h.stats(in).forwarded;
    h.inject(in, frames);
    h.settle();
    EXPECT_EQ(h.drops(in, "anti_spoof") - before, frames.size());
    EXPECT_EQ(h.stats(in).forwarded, forwarded);
    EXPECT_TRUE(h.drain(out).empty());
  }
  SwitchHarness h;
};

TEST_F(AntiSpoofTest, LegitimateFramesOfAGuestPassByteForByte) {
  h.add_port("vm", "br0", std::nullopt, 1, guest());
  h.add_port("peer", "br0");
  expect_delivered("vm", "peer", legitimate());
  EXPECT_EQ(h.stats("vm").forwarded, legitimate().size());
}

TEST_F(AntiSpoofTest, SpoofedFramesAreDroppedAsAntiSpoof) {
  h.add_port("vm", "br0", std::nullopt, 1, guest());
  h.add_port("peer", "br0");
  expect_refused("vm", "peer", spoofed());
  auto stats = h.stats("vm");
  EXPECT_EQ(stats.rx_packets, spoofed().size());
  EXPECT_EQ(stats.rx_dropped, spoofed().size()) << "every drop has the one reason";
}

TEST_F(AntiSpoofTest, RouterAndDhcpServerRepliesNeedATrustedPort) {
  h.add_port("vm", "br0", std::nullopt, 1, guest());
  h.add_port("peer", "br0");
  expect_refused("vm", "peer", server_replies());
  auto trusted = h.sw().set_port(set_security("vm", guest(true)));
  ASSERT_TRUE(trusted) << trusted.error().message;
  ASSERT_TRUE(trusted->security);
  EXPECT_TRUE(trusted->security->trusted);
  expect_delivered("vm", "peer", server_replies());
  // Trusted is about roles, not addresses.
  expect_refused("vm", "peer", spoofed());
}

TEST_F(AntiSpoofTest, APortWithoutPortSecurityForwardsAllOfIt) {
  h.add_port("vm", "br0");
  h.add_port("peer", "br0");
  std::vector<Bytes> all = spoofed();
  for (const Bytes& frame : server_replies()) all.push_back(frame);
  expect_delivered("vm", "peer", all);
}

TEST_F(AntiSpoofTest, CrossConnectedGuestIsCheckedToo) {
  h.add_port("vm", "", std::nullopt, 1, guest());
  h.add_port("peer");
  api::PortSetParams pair;
  pair.name = "vm";
  pair.xconnect = "peer";
  auto paired = h.sw().set_port(pair);
  ASSERT_TRUE(paired) << paired.error().message;
  expect_delivered("vm", "peer", legitimate());
  expect_refused("vm", "peer", spoofed());
  Bytes tagged = ether(kBroadcast, kVm, kIpv4, ipv4("10.0.0.5", "10.0.0.1", 17, udp(1, 2)), 7);
  expect_delivered("vm", "peer", {tagged});
}

TEST_F(AntiSpoofTest, TrunkFramesAreCheckedBehindTheirTag) {
  h.add_port("vm", "br0", api::VlanConfig{"trunk", 0, "10", 0, false}, 1, guest());
  h.add_port("peer", "br0", api::VlanConfig{"trunk", 0, "10", 0, false});
  Bytes ok = ether(kBroadcast, kVm, kIpv4, ipv4("10.0.0.5", "10.0.0.1", 17, udp(1, 2)), 10);
  Bytes bad = ether(kBroadcast, kVm, kIpv4, ipv4("10.0.0.9", "10.0.0.1", 17, udp(1, 2)), 10);
  expect_delivered("vm", "peer", {ok});
  expect_refused("vm", "peer", {bad});
}

TEST_F(AntiSpoofTest, PortSetTurnsPortSecurityOnAndOffAtRunTime) {
  h.add_port("vm", "br0");
  h.add_port("peer", "br0");
  const std::vector<Bytes> spoof = {spoofed()[1]};
  expect_delivered("vm", "peer", spoof);

  auto on = h.sw().set_port(set_security("vm", guest()));
  ASSERT_TRUE(on) << on.error().message;
  api::PortList listed = h.sw().list_ports();
  for (const auto& port : listed.ports) {
    if (port.name == "vm") {
      ASSERT_TRUE(port.security);
      EXPECT_EQ(api::to_wire(*port.security), api::to_wire(guest()));
    } else {
      EXPECT_FALSE(port.security) << port.name << " has none";
    }
  }
  expect_refused("vm", "peer", spoof);

  api::PortSetParams invalid = set_security("vm", api::PortSecurityConfig{true, {}, {}, false});
  invalid.admin = "down";
  auto bad = h.sw().set_port(invalid);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.rfind("port vm: security.macs is empty", 0), 0u)
      << bad.error().message;
  EXPECT_EQ(api::to_wire(h.sw().list_ports()), api::to_wire(listed)) << "nothing changed";

  auto off = h.sw().set_port(set_security("vm", api::PortSecurityConfig{}));
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_FALSE(off->security);
  h.inject("vm", spoof);
  EXPECT_TRUE(SameFrames(h.collect("peer", 1), spoof));
}

TEST_F(AntiSpoofTest, RandomGarbageOnASecuredPortIsCountedAndNothingBreaks) {
  h.add_port("vm", "br0", std::nullopt, 1, guest());
  h.add_port("peer", "br0");
  std::mt19937 random(11);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<size_t> length(0, 200);
  const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0x05};
  std::vector<Bytes> garbage;
  for (int i = 0; i < 4000; ++i) {
    Bytes frame(length(random));
    for (auto& b : frame) b = static_cast<uint8_t>(byte(random));
    if (frame.size() >= 14 && i % 2 == 0) {  // half from the guest's MAC, with an IP EtherType
      std::copy(mac, mac + 6, frame.begin() + 6);
      frame[12] = i % 3 == 0 ? 0x86 : 0x08;
      frame[13] = i % 3 == 0 ? 0xdd : (i % 3 == 1 ? 0x00 : 0x06);
    }
    garbage.push_back(std::move(frame));
  }
  h.inject("vm", garbage);
  h.settle();
  auto stats = h.stats("vm");
  EXPECT_EQ(stats.rx_packets, garbage.size());
  EXPECT_GT(stats.drops.at("anti_spoof"), garbage.size() / 4);
  EXPECT_TRUE(counters_consistent(stats));
  h.drain("peer");
  Bytes after = legitimate()[0];
  expect_delivered("vm", "peer", {after});
}

}  // namespace
}  // namespace nfv::test
