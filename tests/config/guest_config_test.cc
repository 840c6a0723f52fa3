// guests[] keys that make a real VM: memory backing, boot source, interface MACs, ring sizes
// and VF VLANs; each mistake refused with its path and the fix.
#include <gtest/gtest.h>

#include <string>

#include "nfv/config/parse.h"
#include "parse_helpers.h"

namespace nfv::config {
namespace {

using testing::parse_error;
using testing::parse_ok;

constexpr const char* kSwitch = "switch: {pmd_cores: 1}\nbridges: [{name: br0}]\n";

TEST(GuestConfig, ARealGuestParses) {
  ApplianceConfig config = parse_ok(std::string(kSwitch) + R"(guests:
  - name: vm1
    memory_backing: memfd
    boot: {kernel: /img/vmlinuz, initrd: /img/initrd.img, cmdline: "console=ttyS0 nfv.ip=10.0.0.1/24"}
    interfaces:
      - {type: vhost, bridge: br0, mac: "02:AA:bb:00:00:01", ring_size: 512}
      - {type: vf, pf: eth4, vlan: 100, mac: "02:aa:bb:00:00:02"}
)");
  ASSERT_EQ(config.guests.size(), 1u);
  const GuestConfig& guest = config.guests[0];
  EXPECT_EQ(guest.memory_backing, MemoryBacking::kMemfd);
  EXPECT_EQ(guest.boot.kernel, "/img/vmlinuz");
  EXPECT_EQ(guest.boot.initrd, "/img/initrd.img");
  EXPECT_EQ(guest.boot.cmdline, "console=ttyS0 nfv.ip=10.0.0.1/24");
  EXPECT_EQ(guest.interfaces[0].mac, "02:aa:bb:00:00:01");  // as the switch writes MACs
  EXPECT_EQ(guest.interfaces[0].ring_size, 512u);
  EXPECT_EQ(guest.interfaces[1].vlan, 100u);
}

TEST(GuestConfig, DefaultsAreHugepagesAndNoBootSource) {
  ApplianceConfig config = parse_ok("guests:\n  - name: vm1\n");
  EXPECT_EQ(config.guests[0].memory_backing, MemoryBacking::kHugepages);
  EXPECT_TRUE(config.guests[0].boot.kernel.empty());
  EXPECT_TRUE(config.guests[0].boot.disk.empty());
}

TEST(GuestConfig, MistakesAreRefusedWithTheirPath) {
  EXPECT_EQ(parse_error("guests:\n  - {name: a, memory_backing: ram}\n"),
            "t.yaml:2:31: guests[0].memory_backing: must be one of: hugepages, memfd (got 'ram')");
  EXPECT_EQ(parse_error("guests:\n  - {name: a, disk: img.qcow2}\n"),
            "t.yaml:2:21: guests[0].disk: 'img.qcow2' is not an absolute path");
  EXPECT_EQ(parse_error("guests:\n  - {name: a, disk: /a.qcow2, boot: {kernel: /k}}\n"),
            "t.yaml:2:37: guests[0].boot: give either boot (a kernel) or disk, not both");
  EXPECT_EQ(parse_error("guests:\n  - {name: a, boot: {initrd: /i}}\n"),
            "t.yaml:2:21: guests[0].boot.kernel: missing (the guest kernel's absolute path)");
  EXPECT_EQ(parse_error(std::string(kSwitch) +
                        "guests:\n  - name: a\n    interfaces: [{type: vhost, bridge: br0, "
                        "ring_size: 300}]\n"),
            "t.yaml:5:56: guests[0].interfaces[0].ring_size: must be 256, 512 or 1024 (got 300)");
  EXPECT_EQ(parse_error(std::string(kSwitch) +
                        "guests:\n  - name: a\n    interfaces: [{type: vhost, bridge: br0, "
                        "mac: \"01:00:5e:00:00:01\"}]\n"),
            "t.yaml:5:50: guests[0].interfaces[0].mac: 01:00:5e:00:00:01 is a multicast MAC");
  EXPECT_EQ(parse_error("guests:\n  - name: a\n    interfaces: [{type: vf, ring_size: 512}]\n"),
            "t.yaml:3:40: guests[0].interfaces[0].ring_size: vf interfaces bypass the switch: "
            "no ring_size");
  EXPECT_EQ(parse_error("guests:\n  - name: a\n    interfaces: [{type: vf, vlan: 4095}]\n"),
            "t.yaml:3:35: guests[0].interfaces[0].vlan: must be <= 4094 (got 4095)");
}

}  // namespace
}  // namespace nfv::config
