// The guest-side PCI addresses of an AI guest are the ones its NCCL topology file names: a
// real guest (the tiny image, under TCG) boots with the AI guest's PCIe layout, emulated xHCI
// controllers standing in for the GPUs and VFs (which do not exist here) at the very addresses
// the hostdevs would have, and the NCCL file offered through fw_cfg. The guest lists its PCI
// functions and the fw_cfg file on its console: every address the file names is a device of the
// right kind in the guest, and the file arrives whole.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string_view>

#include "golden_specs.h"
#include "libvirt_test_env.h"
#include "nfv/guests/guest_pcie_layout.h"
#include "nfv/guests/nccl_topology.h"
#include "nfv/testing/log_files.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/wait.h"

namespace nfv::guests {
namespace {

using namespace std::chrono_literals;
using ::testing::Contains;

// QEMU's xHCI controller (PCIe endpoint) and the virtual switch's upstream and downstream
// ports, as the guest's sysfs shows them.
constexpr const char* kStandIn = "0x1b36:0x000d";
constexpr const char* kUpstreamPort = "0x104c:0x8232";

// Each <hostdev> of the domain becomes an xHCI controller at the hostdev's guest address (in
// place of the domain's "no USB" controller). Without VFIO no memory needs locking (and this
// machine does not let libvirt raise the memlock limit).
std::string with_stand_ins(std::string xml) {
  for (std::string_view dropped : {"<controller type='usb' model='none'/>", "<locked/>"}) {
    if (size_t at = xml.find(dropped); at != std::string::npos) xml.erase(at, dropped.size());
  }
  static const std::regex hostdev(
      "<hostdev mode='subsystem' type='pci' managed='yes'>\\s*<source>\\s*<address[^>]*/>"
      "\\s*</source>\\s*(<address [^>]*/>)\\s*</hostdev>");
  std::string out;
  int index = 0;
  auto begin = std::sregex_iterator(xml.begin(), xml.end(), hostdev);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out += xml.substr(last, it->position() - last);
    out += "<controller type='usb' index='" + std::to_string(index++) + "' model='qemu-xhci'>" +
           (*it)[1].str() + "</controller>";
    last = it->position() + it->length();
  }
  return out + xml.substr(last);
}

// "nfv-guest: pci 0000:03:00.0 0x1b36:0x000d class 0x0c0330" -> address: vendor:device
std::map<std::string, std::string> guest_pci(const std::string& console) {
  static const std::regex line("nfv-guest: pci ([0-9a-f:.]+) (0x[0-9a-f]+:0x[0-9a-f]+)");
  std::map<std::string, std::string> devices;
  for (auto it = std::sregex_iterator(console.begin(), console.end(), line);
       it != std::sregex_iterator(); ++it) {
    devices[(*it)[1]] = (*it)[2];
  }
  return devices;
}

std::string fw_cfg_file(const std::string& console) {
  std::string text;
  std::istringstream lines(console);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("nfv-guest: fw_cfg| ", 0) == 0) text += line.substr(19) + "\n";
  }
  return text;
}

TEST(AiLayoutBoot, TheGuestSeesEveryDeviceAtTheAddressTheNcclFileNames) {
  std::string kernel = testing::guest_image_file("vmlinuz");
  std::string initrd = testing::guest_image_file("initrd.img");
  if (kernel.empty() || initrd.empty()) {
    GTEST_SKIP() << "no tiny guest image: scripts/guest-image builds it";
  }
  NFV_ASSERT_OK_AND_ASSIGN(nfv::testing::TestDir dir, nfv::testing::TestDir::create());
  ::chmod(dir.path().c_str(), 0755);  // QEMU (libvirt-qemu) reads the files there

  DomainSpec spec = testing::ai_guest();
  spec.name = testing::test_domain_name("ai-layout");
  spec.accelerator = Accelerator::kTcg;
  spec.vcpus = 1;
  spec.memory_mb = 256;
  spec.backing = MemoryBacking::kMemfd;
  spec.numa_node.reset();
  spec.vcpu_pinned = false;
  spec.vcpu_cpus.clear();
  spec.emulator_cpus.clear();
  spec.boot = {kernel, initrd, "console=ttyS0 nfv.report=pci nfv.name=" + spec.name, "", ""};
  spec.console_log = dir.file("console.log");
  spec.nccl_topology_file = dir.file("nccl-topo.xml");
  GuestPcieLayout layout = guest_pcie_layout(spec.gpus);
  std::string nccl = nccl_topology_xml(layout, {});
  std::ofstream(spec.nccl_topology_file) << nccl;
  ::chmod(spec.nccl_topology_file.c_str(), 0644);

  testing::TestConnection libvirt;
  std::string xml = with_stand_ins(domain_xml(spec));
  ASSERT_EQ(xml.find("<hostdev"), std::string::npos) << xml;
  Status defined = libvirt.define(xml, /*start=*/true);
  if (!defined) libvirt.remove_test_domains();  // a failed start leaves the domain defined
  ASSERT_TRUE(defined) << defined.error().message;
  bool up = nfv::testing::wait_until(
      [&] { return testing::file_contains(spec.console_log, "nfv-guest: up"); }, 120s,
      "the guest is up and has listed its PCI functions", 200ms);
  std::string console = nfv::testing::file_text(spec.console_log);
  libvirt.remove_test_domains();
  ASSERT_TRUE(up) << console;

  std::map<std::string, std::string> devices = guest_pci(console);
  size_t checked = 0;
  for (const auto& group : layout.groups) {
    if (group.has_switch) {
      EXPECT_EQ(devices[group.switch_bdf()], kUpstreamPort) << group.switch_bdf() << "\n"
                                                            << console;
    }
    for (const auto& device : group.devices) {
      EXPECT_EQ(devices[device.guest_bdf()], kStandIn)
          << device.guest_bdf() << " (host " << device.host_bdf << ")\n"
          << console;
      EXPECT_NE(nccl.find("busid=\"" + device.guest_bdf() + "\""), std::string::npos);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8u);
  // The file, as the guest reads it at the documented path.
  EXPECT_THAT(console,
              ::testing::HasSubstr(std::string("nfv-guest: fw_cfg ") + kNcclTopologyFwCfg));
  EXPECT_EQ(fw_cfg_file(console), nccl);
}

}  // namespace
}  // namespace nfv::guests
