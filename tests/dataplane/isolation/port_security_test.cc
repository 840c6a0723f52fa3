// Port security without a switch: validation of the wire settings (errors name the port and
// the field), their canonical form, and the per-frame admission rules on raw bytes, including
// every truncation of legitimate frames and random garbage (run under ASan in the sanitizer
// build: a read past a frame fails there).
#include <gtest/gtest.h>

#include <random>

#include "nfv/dataplane/port_security_settings.h"
#include "nfv/dataplane/port_spec.h"
#include "nfv/fastpath/admission.h"
#include "support/l3_frames.h"

namespace nfv::test {
namespace {

constexpr const char* kVmMac = "02:00:00:00:00:05";
constexpr const char* kOtherMac = "02:00:00:00:00:66";
constexpr const char* kBroadcast = "ff:ff:ff:ff:ff:ff";

api::PortSecurityConfig config(std::vector<std::string> macs, std::vector<std::string> ips = {},
                               bool trusted = false) {
  return api::PortSecurityConfig{true, std::move(macs), std::move(ips), trusted};
}

std::string error_of(const api::PortSecurityConfig& c) {
  auto rules = dp::make_port_security("vm1", c);
  return rules ? "(accepted)" : rules.error().message;
}

TEST(PortSecuritySettings, InvalidSettingsAreRefusedNamingPortAndField) {
  EXPECT_EQ(error_of(config({})),
            "port vm1: security.macs is empty: a port with port security needs the MACs its "
            "guest sends from");
  EXPECT_EQ(error_of(config({kVmMac, "02:00:00:00:zz:01"})),
            "port vm1: security.macs[1]: '02:00:00:00:zz:01' is not a MAC address (octet 'zz' "
            "is not hex)");
  EXPECT_EQ(error_of(config({"01:00:5e:00:00:01"})),
            "port vm1: security.macs[0] 01:00:5e:00:00:01 is a multicast MAC, never a source");
  EXPECT_EQ(error_of(config({kVmMac, "02:00:00:00:00:05"})),
            "port vm1: security.macs[1] 02:00:00:00:00:05 is listed twice");
  std::vector<std::string> many;
  for (int i = 0; i < 17; ++i) many.push_back("02:00:00:00:01:" + std::to_string(10 + i));
  EXPECT_EQ(error_of(config(many)), "port vm1: security.macs has 17 MACs, at most 16");
  EXPECT_EQ(error_of(config({kVmMac}, {"10.0.0.300"})),
            "port vm1: security.ips[0] '10.0.0.300' is not an IPv4 or IPv6 address (or "
            "address/prefix length)");
  EXPECT_EQ(error_of(config({kVmMac}, {"10.0.0.0/33"})),
            "port vm1: security.ips[0] '10.0.0.0/33': prefix length must be 1-32");
  EXPECT_EQ(error_of(config({kVmMac}, {"2001:db8::/x"})),
            "port vm1: security.ips[0] '2001:db8::/x': prefix length must be 1-128");
  EXPECT_EQ(error_of(config({kVmMac}, {"10.0.0.5/24"})),
            "port vm1: security.ips[0] '10.0.0.5/24' has bits set beyond its /24 prefix");
  std::vector<std::string> addresses;
  for (int i = 0; i < 17; ++i) addresses.push_back("10.0.0." + std::to_string(i + 1));
  EXPECT_EQ(error_of(config({kVmMac}, addresses)),
            "port vm1: security.ips[16]: more than 16 IPv4 entries");
  EXPECT_EQ(error_of(api::PortSecurityConfig{false, {kVmMac}, {}, false}),
            "port vm1: security.macs, security.ips and security.trusted need security.enabled "
            "true");
}

TEST(PortSecuritySettings, PortSpecCarriesTheRulesOrTheError) {
  api::PortAddParams params;
  params.name = "vm1";
  params.type = "vhost";
  params.security = config({"02:00:00:00:00:0x"});
  auto refused = dp::make_port_spec(params, {"/tmp"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message.rfind("port vm1: security.macs[0]: ", 0), 0u)
      << refused.error().message;
  params.security = config({kVmMac});
  auto spec = dp::make_port_spec(params, {"/tmp"});
  ASSERT_TRUE(spec) << spec.error().message;
  ASSERT_TRUE(spec->security);
  EXPECT_EQ(spec->security->n_macs, 1);
  params.security = api::PortSecurityConfig{};
  spec = dp::make_port_spec(params, {"/tmp"});
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_FALSE(spec->security) << "enabled false: no rules";
}

TEST(PortSecuritySettings, CanonicalFormForPortList) {
  auto rules = dp::make_port_security(
      "vm1",
      config({"02:AA:bb:CC:00:01"}, {"2001:DB8:0:0::5", "10.1.0.0/16", "10.0.0.5/32"}, true));
  ASSERT_TRUE(rules) << rules.error().message;
  auto shown = dp::to_api(*rules);
  ASSERT_TRUE(shown);
  EXPECT_EQ(api::to_wire(*shown).dump(),
            R"({"enabled":true,"macs":["02:aa:bb:cc:00:01"],)"
            R"("ips":["10.1.0.0/16","10.0.0.5","2001:db8::5"],"trusted":true})");
  EXPECT_FALSE(dp::to_api(std::optional<dp::PortSecurity>{}));
}

class Admission : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = dp::make_port_security("vm", config({kVmMac}, {"10.0.0.5", "2001:db8::5"}));
    ASSERT_TRUE(made && *made);
    rules = **made;
  }
  bool admit(const Bytes& frame) const {
    return dp::admit_frame(rules, frame.data(), static_cast<uint32_t>(frame.size()));
  }
  dp::PortSecurity rules;
};

TEST_F(Admission, EveryTruncationOfAFrameThatNeedsItsWholeHeaderIsRefused) {
  // Each frame, and the one shorter length that is itself a complete frame: a neighbour
  // solicitation or advertisement without its link-layer option (the first segment may hold
  // less than the IPv6 payload length says, so that alone is not refused).
  const size_t kNdWithoutOption = 14 + 40 + 24;
  const size_t kNone = SIZE_MAX;
  const std::vector<std::pair<Bytes, size_t>> frames = {
      {ether(kBroadcast, kVmMac, kArp, arp(1, kVmMac, "10.0.0.5", "10.0.0.1")), kNone},
      {ether(kBroadcast, kVmMac, kIpv6,
             ipv6("2001:db8::5", "ff02::1", 58, neighbour(135, "2001:db8::1", kVmMac))),
       kNdWithoutOption},
      {ether(kBroadcast, kVmMac, kIpv6,
             ipv6("2001:db8::5", "ff02::1", 58, neighbour(136, "2001:db8::5", kVmMac))),
       kNdWithoutOption},
      {ether(kBroadcast, kVmMac, kIpv4, ipv4("10.0.0.5", "10.0.0.1", 17, udp(1000, 2000, 0))),
       kNone},
  };
  for (const auto& [frame, also_complete] : frames) {
    EXPECT_TRUE(admit(frame)) << "complete frame of " << frame.size() << " bytes";
    for (size_t len = 0; len < frame.size(); ++len) {
      Bytes cut(frame.begin(), frame.begin() + static_cast<long>(len));
      EXPECT_EQ(admit(cut), len == also_complete) << len << " of " << frame.size() << " bytes";
    }
  }
}

TEST_F(Admission, TaggedFramesAreCheckedBehindTheirTag) {
  Bytes payload = ipv4("10.0.0.5", "10.0.0.1", 17, udp(1000, 2000));
  EXPECT_TRUE(admit(ether(kBroadcast, kVmMac, kIpv4, payload, 10)));
  EXPECT_FALSE(admit(
      ether(kBroadcast, kVmMac, kIpv4, ipv4("10.0.0.6", "10.0.0.1", 17, udp(1000, 2000)), 10)));
  Bytes stacked = {0x00, 0x14, 0x08, 0x00};              // inner tag of VLAN 20, then IPv4
  for (uint8_t byte : payload) stacked.push_back(byte);  // (a range insert trips GCC 12)
  EXPECT_FALSE(admit(ether(kBroadcast, kVmMac, 0x8100, stacked, 10))) << "stacked tags are not IP";
  EXPECT_FALSE(admit(ether(kBroadcast, kOtherMac, kIpv4, payload, 10)));
}

TEST_F(Admission, RandomBytesNeverReadPastTheFrame) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<size_t> length(0, 160);
  const uint16_t types[] = {kIpv4, kIpv6, kArp, 0x8100};
  auto made = dp::make_port_security("vm", config({kVmMac}));
  ASSERT_TRUE(made && *made);
  const dp::PortSecurity mac_only = **made;  // no address lists: the L3 parsers run to the end
  size_t admitted = 0;
  size_t admitted_mac_only = 0;
  for (int i = 0; i < 200000; ++i) {
    Bytes frame(length(random));
    for (auto& b : frame) b = static_cast<uint8_t>(byte(random));
    if (frame.size() >= 14 && (i & 1) != 0) {  // half from the allowed MAC, with an IP type
      const uint8_t vm[6] = {0x02, 0, 0, 0, 0, 0x05};
      std::copy(vm, vm + 6, frame.begin() + 6);
      uint16_t type = types[i % 4];
      frame[12] = static_cast<uint8_t>(type >> 8);
      frame[13] = static_cast<uint8_t>(type & 0xff);
      if (frame.size() >= 15) frame[14] = static_cast<uint8_t>(type == kIpv6 ? 0x60 : 0x45);
    }
    admitted += admit(frame) ? 1 : 0;
    admitted_mac_only +=
        dp::admit_frame(mac_only, frame.data(), static_cast<uint32_t>(frame.size())) ? 1 : 0;
  }
  EXPECT_GT(admitted_mac_only, 0u) << "some random frames get through (else nothing is parsed)";
  EXPECT_LE(admitted, admitted_mac_only) << "address lists only ever refuse more";
}

}  // namespace
TEST_F(Admission, AFrameMatchingTheLastAdmittedOneWouldBeAdmittedItself) {
  // From admitted frames (UDP to and from the DHCP ports, TCP, a fragment), every single-byte
  // change and every length: whenever the memo says "admitted", the full check agrees.
  const std::vector<Bytes> admitted = {
      ether(kBroadcast, kVmMac, kIpv4, ipv4("10.0.0.5", "10.0.0.1", 17, udp(1000, 2000))),
      ether(kBroadcast, kVmMac, kIpv4, ipv4("0.0.0.0", "255.255.255.255", 17, udp(68, 67))),
      ether(kBroadcast, kVmMac, kIpv4, ipv4("10.0.0.5", "10.0.0.1", 6, Bytes(20, 0))),
  };
  const uint8_t values[] = {0x00, 0x01, 0x06, 0x11, 0x20, 0x43, 0x44, 0x45, 0x46, 0x81, 0xff};
  size_t matched = 0;
  size_t changed_and_matched = 0;
  for (const Bytes& base : admitted) {
    ASSERT_TRUE(admit(base));
    dp::AdmittedIpv4 last;
    last.remember(base.data(), static_cast<uint32_t>(base.size()));
    for (size_t at = 0; at < base.size(); ++at) {
      for (uint8_t value : values) {
        Bytes frame = base;
        frame[at] = value;
        for (size_t len : {frame.size(), size_t{42}, size_t{41}, size_t{34}}) {
          if (!last.matches(frame.data(), static_cast<uint32_t>(len))) continue;
          ++matched;
          changed_and_matched += frame != base ? 1 : 0;
          ASSERT_TRUE(dp::admit_frame(rules, frame.data(), static_cast<uint32_t>(len)))
              << "byte " << at << " = " << int{value} << ", length " << len;
        }
      }
    }
  }
  EXPECT_GT(changed_and_matched, 0u) << "bytes outside the signature (TTL, checksum...) vary";
  EXPECT_GT(matched, changed_and_matched);
  dp::AdmittedIpv4 last;
  Bytes spoofed = ether(kBroadcast, kVmMac, kIpv4, ipv4("10.0.0.6", "10.0.0.1", 17, udp(1, 2)));
  Bytes allowed = ether(kBroadcast, kVmMac, kIpv4, ipv4("10.0.0.5", "10.0.0.1", 17, udp(1, 2)));
  last.remember(allowed.data(), static_cast<uint32_t>(allowed.size()));
  EXPECT_FALSE(last.matches(spoofed.data(), static_cast<uint32_t>(spoofed.size())));
  Bytes options = allowed;
  options[14] = 0x46;  // a header with options: its UDP ports are elsewhere, never remembered
  last.remember(options.data(), static_cast<uint32_t>(options.size()));
  EXPECT_FALSE(last.matches(options.data(), static_cast<uint32_t>(options.size())));
}

}  // namespace nfv::test
