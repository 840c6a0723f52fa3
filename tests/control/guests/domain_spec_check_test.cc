// The checks before define: every golden guest passes; each fault is refused with the guest
// and the fault named.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <functional>

#include "golden_specs.h"
#include "nfv/guests/domain_spec.h"

namespace nfv::guests {
namespace {

void expect_refused(const std::function<void(DomainSpec&)>& fault, const std::string& words,
                    DomainSpec spec = testing::tcg_memfd_guest()) {
  fault(spec);
  Status status = check_domain_spec(spec);
  ASSERT_FALSE(status.ok()) << "accepted; expected an error mentioning " << words;
  EXPECT_NE(status.error().message.find(words), std::string::npos) << status.error().message;
}

TEST(DomainSpecCheck, EveryGoldenGuestPasses) {
  for (const auto& golden : testing::golden_specs()) {
    Status status = check_domain_spec(golden.spec);
    EXPECT_TRUE(status.ok()) << golden.name << ": " << status.error().message;
  }
}

TEST(DomainSpecCheck, RefusesStringsXmlCannotCarry) {
  expect_refused([](DomainSpec& s) { s.name = "a\x01z"; }, "its name holds a control character");
  expect_refused([](DomainSpec& s) { s.boot.cmdline = "console=ttyS0\nroot=x"; },
                 "kernel command line");
  expect_refused([](DomainSpec& s) { s.vhost[1].socket = "/run/\xff.sock"; }, "port socket");
  expect_refused([](DomainSpec& s) { s.console_log = "/var/log/\xc3"; }, "console log");
  expect_refused([](DomainSpec& s) { s.console_socket = "/run/\xed\xa0\x80"; }, "console socket");
  expect_refused([](DomainSpec& s) { s.boot.kernel = "/k\xe0\x80\xaf"; }, "its kernel");
  expect_refused([](DomainSpec& s) { s.name = "a/b"; }, "has no '/'");
  expect_refused([](DomainSpec& s) { s.name.clear(); }, "not empty");
  DomainSpec utf8 = testing::tcg_memfd_guest();
  utf8.name = "g\xc3\xa4st-\xe2\x82\xac-\xf0\x9f\x96\xa5";
  EXPECT_TRUE(check_domain_spec(utf8).ok());
}

TEST(DomainSpecCheck, RefusesResourcesLibvirtWouldRefuseLate) {
  expect_refused([](DomainSpec& s) { s.vcpus = 0; }, "at least one vCPU");
  expect_refused(
      [](DomainSpec& s) {
        s.backing = MemoryBacking::kHugepages;
        s.hugepage_kb = 1048576;
      },
      "256 MiB of memory is not a whole number of 1048576 KiB hugepages");
  expect_refused(
      [](DomainSpec& s) {
        s.vcpu_pinned = true;
        s.vcpu_cpus = {3};
      },
      "2 vCPUs pinned on only 1 CPUs (3)");
  expect_refused([](DomainSpec& s) { s.boot = {}; }, "nothing to boot");
}

TEST(DomainSpecCheck, RefusesPortsQemuCannotUse) {
  expect_refused([](DomainSpec& s) { s.vhost[0].socket = "relative.sock"; }, "absolute path");
  expect_refused([](DomainSpec& s) { s.vhost[0].socket = "/" + std::string(107, 's'); },
                 "at most 107 bytes");
  expect_refused([](DomainSpec& s) { s.vhost[0].ring_size = 2048; }, "ring size 2048");
  expect_refused([](DomainSpec& s) { s.vhost[0].ring_size = 300; }, "ring size 300");
  expect_refused([](DomainSpec& s) { s.vhost[0].queues = 0; }, "no queue");
  expect_refused([](DomainSpec& s) { s.vhost[0].mac = "52:54:00:zz:00:00"; }, "MAC");
  expect_refused([](DomainSpec& s) { s.vhost[1].port = s.vhost[0].port; }, "given twice");
  DomainSpec longest = testing::tcg_memfd_guest();
  longest.vhost[0].socket = "/" + std::string(106, 's');
  EXPECT_TRUE(check_domain_spec(longest).ok());
}

TEST(DomainSpecCheck, RefusesMalformedPassthrough) {
  DomainSpec kvm = testing::kvm_hugepage_guest();
  expect_refused([](DomainSpec& s) { s.vfs[0].bdf = "3b:02.1"; }, "VF '3b:02.1'", kvm);
  expect_refused([](DomainSpec& s) { s.vfs[0].bdf = "0000:3b:02.1'"; }, "PCI address", kvm);
  expect_refused([](DomainSpec& s) { s.vfs[0].vlan = 4095; }, "VLAN 4095", kvm);
  expect_refused([](DomainSpec& s) { s.vfs[0].mac = "nope"; }, "MAC 'nope'", kvm);
  expect_refused([](DomainSpec& s) { s.gpus[0].bdf = "0000:af:00"; }, "GPU '0000:af:00'", kvm);
}

TEST(DomainSpecCheck, RefusesAnAiGuestThatCannotBeLaidOut) {
  DomainSpec ai = testing::ai_guest();
  EXPECT_TRUE(check_domain_spec(ai).ok()) << check_domain_spec(ai).error().message;
  expect_refused([](DomainSpec& s) { s.gpus[1].bdf = s.gpus[0].bdf; },
                 "GPU 0000:34:00.0 is given twice", ai);
  expect_refused([](DomainSpec& s) { s.gpus[3].nic_vf = s.gpus[2].nic_vf; },
                 "NIC VF 0000:3a:00.2 is given twice", ai);
  expect_refused([](DomainSpec& s) { s.gpus[0].nic_vf = "0000:35:00"; },
                 "NIC VF '0000:35:00' of GPU 0000:34:00.0", ai);
  expect_refused([](DomainSpec& s) { s.nccl_topology_file = "/x\n.xml"; }, "NCCL topology file",
                 ai);
  expect_refused(
      [](DomainSpec& s) {
        s.gpus.clear();
        for (int i = 0; i < 31; ++i) s.gpus.push_back({fmt::format("0000:{:02x}:00.0", i), "", ""});
      },
      "need 31 PCIe root ports, q35 has slots for 30", ai);
  expect_refused(
      [](DomainSpec& s) {
        s.gpus.clear();
        for (int i = 0; i < 17; ++i) {
          s.gpus.push_back({fmt::format("0000:{:02x}:00.0", i), fmt::format("0000:80:{:02x}.1", i),
                            "0000:7f:00.0"});
        }
      },
      "34 devices behind host switch 0000:7f:00.0; a virtual switch has 32 ports", ai);
  expect_refused(
      [](DomainSpec& s) {
        s.vfs = {{s.gpus[0].nic_vf, "", 0}};  // the same VF as an interface too
      },
      "NIC VF 0000:35:00.2 is given twice", ai);
  expect_refused(
      [](DomainSpec& s) {
        s.gpus.clear();
        for (int sw = 0; sw < 8; ++sw) {
          for (int i = 0; i < 15; ++i) {
            s.gpus.push_back({fmt::format("0000:{:02x}:{:02x}.0", 0x10 + sw, i),
                              fmt::format("0000:{:02x}:{:02x}.1", 0x90 + sw, i),
                              fmt::format("0000:{:02x}:00.0", 0x80 + sw)});
          }
        }
      },
      "need 256 guest PCI buses, at most 224 fit", ai);
}

}  // namespace
}  // namespace nfv::guests
