// QEMU's DAC identity from libvirt's capabilities: a recorded capabilities document of this
// machine's libvirt 9.0 (data/capabilities-dac.xml), and variants of its <secmodel> part.
#include "nfv/guests/qemu_identity.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace nfv::guests {
namespace {

std::string recorded_capabilities() {
  std::ifstream in(std::string(NFV_GUESTS_DATA_DIR) + "/capabilities-dac.xml");
  EXPECT_TRUE(in) << "missing data/capabilities-dac.xml";
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string capabilities(const std::string& secmodels) {
  return "<capabilities>\n  <host>\n    <uuid>0</uuid>\n" + secmodels +
         "  </host>\n  <guest><os_type>hvm</os_type></guest>\n</capabilities>\n";
}

void expect_error_mentions(const Result<QemuIdentity>& result, const std::string& words) {
  ASSERT_FALSE(result.ok()) << "accepted: " << result->uid << ":" << result->gid;
  EXPECT_NE(result.error().message.find(words), std::string::npos) << result.error().message;
}

TEST(QemuIdentity, RecordedCapabilitiesGiveLibvirtQemusIds) {
  std::string xml = recorded_capabilities();
  for (const char* type : {"kvm", "qemu"}) {
    auto identity = qemu_identity_from_capabilities(xml, type);
    ASSERT_TRUE(identity.ok()) << identity.error().message;
    EXPECT_EQ(identity->uid, 64055u);
    EXPECT_EQ(identity->gid, 64055u);
  }
}

TEST(QemuIdentity, TakesTheDacModelAmongSeveralAndTheLabelOfTheDomainType) {
  std::string xml = capabilities(
      "<secmodel><model>apparmor</model><doi>0</doi></secmodel>\n"
      "<secmodel><model>selinux</model><doi>0</doi>"
      "<baselabel type='kvm'>system_u:system_r:svirt_t:s0</baselabel></secmodel>\n"
      "<secmodel><model>dac</model><doi>0</doi><baselabel type='kvm'>+64055:+994</baselabel>"
      "<baselabel type='qemu'>+107:+108</baselabel></secmodel>\n");
  auto kvm = qemu_identity_from_capabilities(xml, "kvm");
  ASSERT_TRUE(kvm.ok()) << kvm.error().message;
  EXPECT_EQ(kvm->uid, 64055u);
  EXPECT_EQ(kvm->gid, 994u);
  auto qemu = qemu_identity_from_capabilities(xml, "qemu");
  ASSERT_TRUE(qemu.ok()) << qemu.error().message;
  EXPECT_EQ(qemu->uid, 107u);
  EXPECT_EQ(qemu->gid, 108u);
}

TEST(QemuIdentity, NoDacLabelIsAnErrorSayingWhy) {
  expect_error_mentions(
      qemu_identity_from_capabilities(
          capabilities("<secmodel><model>none</model><doi>0</doi></secmodel>"), "kvm"),
      "no DAC base label for 'kvm'");
  expect_error_mentions(
      qemu_identity_from_capabilities(
          capabilities("<secmodel><model>dac</model><baselabel type='kvm'>+1:+2</baselabel>"
                       "</secmodel>"),
          "qemu"),
      "no DAC base label for 'qemu'");
  expect_error_mentions(qemu_identity_from_capabilities(capabilities(""), "kvm"), "security");
}

TEST(QemuIdentity, MalformedLabelsAndDocumentsAreErrors) {
  for (const char* label : {"+64055", "+a:+1", ":", "+1:+2:+3", "+99999999999:+1", ""}) {
    std::string xml =
        capabilities(std::string("<secmodel><model>dac</model><baselabel type='kvm'>") + label +
                     "</baselabel></secmodel>");
    expect_error_mentions(qemu_identity_from_capabilities(xml, "kvm"), "not uid:gid");
  }
  expect_error_mentions(qemu_identity_from_capabilities("<capabilities><host>", "kvm"),
                        "not well-formed");
  expect_error_mentions(qemu_identity_from_capabilities("<domain/>", "kvm"), "not <capabilities>");
  expect_error_mentions(
      qemu_identity_from_capabilities("<!DOCTYPE c [<!ENTITY x \"+1:+1\">]><capabilities/>", "kvm"),
      "<!DOCTYPE>");
}

}  // namespace
}  // namespace nfv::guests
