// The PCI config space parser on hand-built bytes: the PCIe port type, ACS and ATS found
// wherever their lists put them; short buffers say how much was readable; hostile lists
// (loops, pointers past the end or into the header, truncated capabilities) are errors.
#include "nfv/preflight/pcie_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/testing/result_assertions.h"
#include "pcie_config_bytes.h"

namespace nfv::preflight {
namespace {

using testing::ConfigBytes;
using ::testing::HasSubstr;

constexpr uint16_t kHealthyAcs = kAcsSourceValidation | kAcsRequestRedirect |
                                 kAcsCompletionRedirect | kAcsUpstreamForwarding |
                                 kAcsDirectTranslated;

Result<PcieConfig> parse(const ConfigBytes& config) { return parse_pcie_config(config.bytes()); }

TEST(PcieConfigTest, ReadsPortTypeAndAcsOfADownstreamPort) {
  ConfigBytes config;
  config.capability(0x40, 0x01, 0x50).pcie(0x50, 6, 0x70).capability(0x70, 0x05, 0);
  config.extended(0x100, 0x0001, 0x150).acs(0x150, 0x5F, kHealthyAcs);
  NFV_ASSERT_OK_AND_ASSIGN(PcieConfig parsed, parse(config));
  EXPECT_TRUE(parsed.extended());
  ASSERT_TRUE(parsed.port_type);
  EXPECT_EQ(*parsed.port_type, PciePortType::kDownstreamPort);
  ASSERT_TRUE(parsed.acs);
  EXPECT_EQ(parsed.acs->capability, 0x5F);
  EXPECT_EQ(parsed.acs->control, kHealthyAcs);
  EXPECT_FALSE(parsed.ats);
  EXPECT_EQ(acs_bits_str(parsed.acs->control), "SV|RR|CR|UF|DT");
}

TEST(PcieConfigTest, ReadsAtsEnableBitOfAnEndpoint) {
  ConfigBytes enabled;
  enabled.pcie(0x60, 0).ats(0x100, true);
  NFV_ASSERT_OK_AND_ASSIGN(PcieConfig on, parse(enabled));
  EXPECT_EQ(*on.port_type, PciePortType::kEndpoint);
  ASSERT_TRUE(on.ats);
  EXPECT_TRUE(on.ats->enabled());
  EXPECT_FALSE(on.acs);

  ConfigBytes disabled;
  disabled.pcie(0x60, 0).extended(0x100, 0x0018, 0x200).ats(0x200, false);
  NFV_ASSERT_OK_AND_ASSIGN(PcieConfig off, parse(disabled));
  ASSERT_TRUE(off.ats);
  EXPECT_FALSE(off.ats->enabled());
}

TEST(PcieConfigTest, NoCapabilityListMeansNoPcieAndNoExtendedMeansNoAcs) {
  ConfigBytes plain;  // status bit clear: the pointer is ignored
  plain.put16(0x34, 0x40);
  NFV_ASSERT_OK_AND_ASSIGN(PcieConfig parsed, parse(plain));
  EXPECT_FALSE(parsed.port_type);
  EXPECT_FALSE(parsed.acs);

  ConfigBytes all_ones;
  all_ones.pcie(0x40, 4).put32(0x100, 0xFFFFFFFF);
  NFV_ASSERT_OK_AND_ASSIGN(PcieConfig root, parse(all_ones));
  EXPECT_EQ(*root.port_type, PciePortType::kRootPort);
  EXPECT_FALSE(root.acs);
}

TEST(PcieConfigTest, ShortBuffersSayHowMuchWasReadable) {
  ConfigBytes header(64);
  NFV_ASSERT_OK_AND_ASSIGN(PcieConfig not_root, parse(header));
  EXPECT_EQ(not_root.reach, ConfigReach::kHeader);
  EXPECT_FALSE(not_root.port_type);
  EXPECT_THAT(not_root.short_reason(), HasSubstr("not read as root"));

  ConfigBytes standard(256);
  standard.pcie(0x40, 6);
  NFV_ASSERT_OK_AND_ASSIGN(PcieConfig legacy, parse(standard));
  EXPECT_EQ(legacy.reach, ConfigReach::kStandard);
  EXPECT_EQ(*legacy.port_type, PciePortType::kDownstreamPort);
  EXPECT_FALSE(legacy.acs);
  EXPECT_THAT(legacy.short_reason(), HasSubstr("256 bytes"));

  auto truncated = parse_pcie_config(std::vector<uint8_t>(20, 0));
  ASSERT_FALSE(truncated);
  EXPECT_THAT(truncated.error().message, HasSubstr("truncated"));
}

TEST(PcieConfigTest, StandardListLoopIsAnError) {
  ConfigBytes config;
  config.capability(0x40, 0x01, 0x50).capability(0x50, 0x05, 0x40);
  auto parsed = parse(config);
  ASSERT_FALSE(parsed);
  EXPECT_THAT(parsed.error().message, HasSubstr("loops at 0x40"));

  ConfigBytes self;
  self.capability(0x40, 0x01, 0x40);
  EXPECT_FALSE(parse(self));
}

TEST(PcieConfigTest, StandardPointersOutsideTheCapabilityAreaAreErrors) {
  ConfigBytes into_header;
  into_header.capability(0x40, 0x01, 0x10);
  auto parsed = parse(into_header);
  ASSERT_FALSE(parsed);
  EXPECT_THAT(parsed.error().message, HasSubstr("0x10"));

  // The two low bits of a pointer are reserved: 0xfe is the last entry's 0xfc, within bounds.
  ConfigBytes last_entry;
  last_entry.capability(0x40, 0x01, 0xFE).pcie(0xFC, 5);
  NFV_ASSERT_OK_AND_ASSIGN(PcieConfig parsed_last, parse(last_entry));
  EXPECT_EQ(*parsed_last.port_type, PciePortType::kUpstreamPort);
}

TEST(PcieConfigTest, ExtendedListLoopIsAnError) {
  ConfigBytes config;
  config.pcie(0x40, 6).extended(0x100, 0x0001, 0x140).extended(0x140, 0x0002, 0x100);
  auto parsed = parse(config);
  ASSERT_FALSE(parsed);
  EXPECT_THAT(parsed.error().message, HasSubstr("loops at 0x100"));
}

TEST(PcieConfigTest, ExtendedPointersPastTheEndOrIntoStandardSpaceAreErrors) {
  ConfigBytes backwards;
  backwards.pcie(0x40, 6).extended(0x100, 0x0001, 0x80);
  auto into_standard = parse(backwards);
  ASSERT_FALSE(into_standard);
  EXPECT_THAT(into_standard.error().message, HasSubstr("0x080"));

  ConfigBytes acs_at_end;  // the ACS registers at +4..+7 would run past 4096
  acs_at_end.pcie(0x40, 6).extended(0x100, 0x0001, 0xFFC).put32(0xFFC, 0x000D | (1u << 16));
  auto past_end = parse(acs_at_end);
  ASSERT_FALSE(past_end);
  EXPECT_THAT(past_end.error().message, HasSubstr("runs past the end"));
}

TEST(PcieConfigTest, BitsAreNamed) {
  EXPECT_EQ(acs_bits_str(0), "none");
  EXPECT_EQ(acs_bits_str(kAcsSourceValidation | kAcsUpstreamForwarding), "SV|UF");
  EXPECT_EQ(to_string(PciePortType::kUpstreamPort), "switch upstream port");
}

}  // namespace
}  // namespace nfv::preflight
