// The decisions of the domain XML, one by one: shared memory where vhost-user needs it, the
// planner's pinning, the socket modes, passthrough, boot, console, the TCG work-around only
// under TCG, and escaping of every string that comes from a config.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "golden_specs.h"
#include "nfv/guests/domain_spec.h"
#include "xpath.h"

namespace nfv::guests {
namespace {

using testing::xpath;
using testing::xpath_one;

TEST(DomainXml, MemfdGuestHasSharedMemfdMemoryAndASharedNumaCell) {
  std::string xml = domain_xml(testing::tcg_memfd_guest());
  EXPECT_EQ(xpath_one(xml, "/domain/@type"), "qemu");
  EXPECT_EQ(xpath_one(xml, "/domain/memory"), "262144");
  EXPECT_EQ(xpath_one(xml, "/domain/currentMemory"), "262144");
  EXPECT_EQ(xpath_one(xml, "/domain/memoryBacking/source/@type"), "memfd");
  EXPECT_EQ(xpath_one(xml, "/domain/memoryBacking/access/@mode"), "shared");
  EXPECT_TRUE(xpath(xml, "/domain/memoryBacking/hugepages").empty());
  EXPECT_TRUE(xpath(xml, "/domain/memoryBacking/locked").empty());
  EXPECT_EQ(xpath_one(xml, "/domain/cpu/numa/cell/@cpus"), "0-1");
  EXPECT_EQ(xpath_one(xml, "/domain/cpu/numa/cell/@memory"), "262144");
  EXPECT_EQ(xpath_one(xml, "/domain/cpu/numa/cell/@memAccess"), "shared");
  EXPECT_TRUE(xpath(xml, "/domain/numatune").empty());
  EXPECT_TRUE(xpath(xml, "/domain/cputune").empty());
}

TEST(DomainXml, HugepageGuestIsOnItsNodeWithPinnedVcpusAndEmulator) {
  std::string xml = domain_xml(testing::kvm_hugepage_guest());
  EXPECT_EQ(xpath_one(xml, "/domain/@type"), "kvm");
  EXPECT_EQ(xpath_one(xml, "/domain/memoryBacking/hugepages/page/@size"), "1048576");
  EXPECT_EQ(xpath_one(xml, "/domain/memoryBacking/hugepages/page/@unit"), "KiB");
  EXPECT_EQ(xpath_one(xml, "/domain/memoryBacking/access/@mode"), "shared");
  EXPECT_EQ(xpath(xml, "/domain/memoryBacking/locked").size(), 1u) << "VFIO pins guest memory";
  EXPECT_EQ(xpath_one(xml, "/domain/numatune/memory/@mode"), "strict");
  EXPECT_EQ(xpath_one(xml, "/domain/numatune/memory/@nodeset"), "1");
  EXPECT_EQ(xpath_one(xml, "/domain/vcpu"), "4");
  EXPECT_TRUE(xpath(xml, "/domain/vcpu/@cpuset").empty());
  EXPECT_EQ(xpath(xml, "/domain/cputune/vcpupin/@vcpu"),
            (std::vector<std::string>{"0", "1", "2", "3"}));
  EXPECT_EQ(xpath(xml, "/domain/cputune/vcpupin/@cpuset"),
            (std::vector<std::string>{"10", "11", "12", "13"}));
  EXPECT_EQ(xpath_one(xml, "/domain/cputune/emulatorpin/@cpuset"), "2-3");
  EXPECT_EQ(xpath_one(xml, "/domain/cpu/@mode"), "host-passthrough");
  EXPECT_EQ(xpath_one(xml, "/domain/cpu/numa/cell/@memAccess"), "shared");
}

TEST(DomainXml, FloatingVcpusShareTheirCpuSet) {
  std::string xml = domain_xml(testing::disk_guest());
  EXPECT_EQ(xpath_one(xml, "/domain/vcpu/@cpuset"), "4-6,8");
  EXPECT_TRUE(xpath(xml, "/domain/cputune").empty());
  EXPECT_EQ(xpath_one(xml, "/domain/memoryBacking/hugepages/page/@size"), "2048");
}

TEST(DomainXml, VhostSocketModeIsQemusSideAndAClientReconnects) {
  std::string xml = domain_xml(testing::tcg_memfd_guest());
  std::string server = "/domain/devices/interface[alias/@name='ua-vm-a0']";
  std::string client = "/domain/devices/interface[alias/@name='ua-vm-a1']";
  EXPECT_EQ(xpath_one(xml, server + "/@type"), "vhostuser");
  EXPECT_EQ(xpath_one(xml, server + "/source/@mode"), "server");
  EXPECT_EQ(xpath_one(xml, server + "/source/@path"), "/run/nfv/sockets/vm-a0.sock");
  EXPECT_TRUE(xpath(xml, server + "/source/reconnect").empty());
  EXPECT_EQ(xpath_one(xml, client + "/source/@mode"), "client");
  EXPECT_EQ(xpath_one(xml, client + "/source/reconnect/@enabled"), "yes");
  EXPECT_EQ(xpath_one(xml, client + "/source/reconnect/@timeout"), "1");
  EXPECT_EQ(xpath_one(xml, client + "/mac/@address"), "52:54:00:00:0a:01");
  EXPECT_EQ(xpath_one(xml, client + "/model/@type"), "virtio");
  EXPECT_EQ(xpath_one(xml, client + "/driver/@queues"), "2");
  EXPECT_EQ(xpath_one(xml, client + "/driver/@rx_queue_size"), "1024");
  EXPECT_EQ(xpath_one(xml, client + "/driver/@tx_queue_size"), "1024");
  EXPECT_EQ(xpath_one(xml, server + "/driver/@rx_queue_size"), "256");
}

TEST(DomainXml, TcgGuestDisablesMsixOnEveryVhostDeviceByAlias) {
  std::string xml = domain_xml(testing::tcg_memfd_guest());
  EXPECT_NE(xml.find("xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'"), std::string::npos);
  auto aliases = xpath(xml, "/domain/devices/interface[@type='vhostuser']/alias/@name");
  EXPECT_EQ(aliases, (std::vector<std::string>{"ua-vm-a0", "ua-vm-a1"}));
  EXPECT_EQ(xpath(xml, "/domain/qemu:override/qemu:device/@alias"), aliases);
  std::string property = "/domain/qemu:override/qemu:device/qemu:frontend/qemu:property";
  EXPECT_EQ(xpath(xml, property + "/@name"), (std::vector<std::string>{"vectors", "vectors"}));
  EXPECT_EQ(xpath(xml, property + "/@type"), (std::vector<std::string>{"unsigned", "unsigned"}));
  EXPECT_EQ(xpath(xml, property + "/@value"), (std::vector<std::string>{"0", "0"}));
  EXPECT_EQ(xpath_one(xml, "/domain/cpu/@mode"), "maximum");
}

TEST(DomainXml, KvmGuestCarriesNoTcgWorkaround) {
  DomainSpec spec = testing::tcg_memfd_guest();
  spec.accelerator = Accelerator::kKvm;
  std::string xml = domain_xml(spec);
  EXPECT_EQ(xml.find("qemu:"), std::string::npos);
  EXPECT_EQ(xml.find("xmlns:qemu"), std::string::npos);
}

TEST(DomainXml, TcgGuestWithoutVhostNeedsNoQemuNamespace) {
  DomainSpec spec = testing::tcg_memfd_guest();
  spec.vhost.clear();
  EXPECT_EQ(domain_xml(spec).find("qemu:"), std::string::npos);
}

TEST(DomainXml, VfWithMacOrVlanIsAHostdevInterfaceOnItsPciAddress) {
  std::string xml = domain_xml(testing::kvm_hugepage_guest());
  std::string vf = "/domain/devices/interface[@type='hostdev']";
  EXPECT_EQ(xpath_one(xml, vf + "/@managed"), "yes");
  EXPECT_EQ(xpath_one(xml, vf + "/mac/@address"), "52:54:00:10:00:02");
  EXPECT_EQ(xpath_one(xml, vf + "/source/address/@type"), "pci");  // as libvirt's schema wants
  EXPECT_EQ(xpath_one(xml, vf + "/source/address/@domain"), "0x0000");
  EXPECT_EQ(xpath_one(xml, vf + "/source/address/@bus"), "0x3b");
  EXPECT_EQ(xpath_one(xml, vf + "/source/address/@slot"), "0x02");
  EXPECT_EQ(xpath_one(xml, vf + "/source/address/@function"), "0x1");
  EXPECT_EQ(xpath_one(xml, vf + "/vlan/tag/@id"), "100");
  std::string gpu = "/domain/devices/hostdev[@type='pci']";
  EXPECT_EQ(xpath_one(xml, gpu + "/@mode"), "subsystem");
  EXPECT_EQ(xpath_one(xml, gpu + "/source/address/@bus"), "0xaf");
  EXPECT_TRUE(xpath(xml, gpu + "/source/address/@type").empty());  // the hostdev's type
}

TEST(DomainXml, AiGuestIsQ35WithEachGpuAndItsNicBehindOneVirtualSwitch) {
  std::string xml = domain_xml(testing::ai_guest());
  EXPECT_EQ(xpath_one(xml, "/domain/os/type/@machine"), "q35");
  // Root ports on the first functions of bus 0, in index order (what makes bus numbers known).
  std::string root = "/domain/devices/controller[@model='pcie-root-port']";
  EXPECT_EQ(xpath(xml, root + "/address/@slot"),
            (std::vector<std::string>{"0x01", "0x01", "0x01", "0x01"}));
  EXPECT_EQ(xpath(xml, root + "/address/@function"),
            (std::vector<std::string>{"0x0", "0x1", "0x2", "0x3"}));
  EXPECT_EQ(xpath(xml, root + "/address/@multifunction"), (std::vector<std::string>{"on"}));
  EXPECT_EQ(xpath(xml, "/domain/devices/controller[@model='pcie-root-port']/@index"),
            (std::vector<std::string>{"1", "7", "11", "12"}));
  // The first switch: upstream port 2 on bus 1, downstream ports 3-6 on bus 2.
  std::string up = "/domain/devices/controller[@model='pcie-switch-upstream-port']";
  EXPECT_EQ(xpath(xml, up + "/@index"), (std::vector<std::string>{"2", "8"}));
  EXPECT_EQ(xpath(xml, up + "/address/@bus"), (std::vector<std::string>{"0x01", "0x07"}));
  std::string down = "/domain/devices/controller[@model='pcie-switch-downstream-port']";
  EXPECT_EQ(xpath(xml, down + "[address/@bus='0x02']/@index"),
            (std::vector<std::string>{"3", "4", "5", "6"}));
  // GPU 0000:34:00.0 behind downstream port 3, its VF 0000:35:00.2 behind port 4.
  auto guest_bus_of = [&](const std::string& host_bus, const std::string& host_function) {
    return xpath_one(xml, "/domain/devices/hostdev[source/address/@bus='" + host_bus +
                              "' and source/address/@function='" + host_function +
                              "']/address/@bus");
  };
  EXPECT_EQ(guest_bus_of("0x34", "0x0"), "0x03");
  EXPECT_EQ(guest_bus_of("0x35", "0x2"), "0x04");
  EXPECT_EQ(guest_bus_of("0x36", "0x0"), "0x05");
  EXPECT_EQ(guest_bus_of("0x35", "0x3"), "0x06");
  // The pair whose NIC is not behind its switch: root ports of their own.
  EXPECT_EQ(guest_bus_of("0x57", "0x0"), "0x0b");
  EXPECT_EQ(guest_bus_of("0x58", "0x2"), "0x0c");
  EXPECT_EQ(xpath(xml, "/domain/devices/hostdev").size(), 8u);
  // The NCCL topology file through fw_cfg, and locked memory for VFIO.
  EXPECT_EQ(xpath_one(xml, "/domain/sysinfo[@type='fwcfg']/entry/@name"), kNcclTopologyFwCfg);
  EXPECT_EQ(xpath_one(xml, "/domain/sysinfo[@type='fwcfg']/entry/@file"),
            "/var/lib/nfvd/guests/trainer-0.nccl-topo.xml");
  EXPECT_EQ(xpath(xml, "/domain/memoryBacking/locked").size(), 1u);
  EXPECT_EQ(xpath_one(xml, "/domain/numatune/memory/@nodeset"), "0");
}

TEST(DomainXml, GuestWithoutGpusKeepsTheDefaultMachine) {
  std::string xml = domain_xml(testing::tcg_memfd_guest());
  EXPECT_TRUE(xpath(xml, "/domain/os/type/@machine").empty());
  EXPECT_TRUE(xpath(xml, "/domain/devices/controller[@type='pci']").empty());
  EXPECT_TRUE(xpath(xml, "/domain/sysinfo").empty());
}

TEST(DomainXml, VfWithoutMacOrVlanKeepsItsMacAsAPlainHostdev) {
  std::string xml = domain_xml(testing::disk_guest());
  EXPECT_TRUE(xpath(xml, "/domain/devices/interface").empty());
  EXPECT_EQ(xpath_one(xml, "/domain/devices/hostdev/source/address/@function"), "0x2");
  EXPECT_EQ(xpath(xml, "/domain/memoryBacking/locked").size(), 1u);
}

TEST(DomainXml, DiskGuestBootsFromItsDiskInItsFormat) {
  DomainSpec spec = testing::disk_guest();
  std::string xml = domain_xml(spec);
  EXPECT_TRUE(xpath(xml, "/domain/os/kernel").empty());
  EXPECT_EQ(xpath_one(xml, "/domain/devices/disk/source/@file"), spec.boot.disk);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/disk/driver/@type"), "qcow2");
  EXPECT_EQ(xpath_one(xml, "/domain/devices/disk/target/@bus"), "virtio");
  EXPECT_EQ(xpath_one(xml, "/domain/devices/disk/boot/@order"), "1");
  spec.boot.disk = "/images/vm.img";
  EXPECT_EQ(xpath_one(domain_xml(spec), "/domain/devices/disk/driver/@type"), "raw");
  spec.boot.disk_format = "qcow2";
  EXPECT_EQ(xpath_one(domain_xml(spec), "/domain/devices/disk/driver/@type"), "qcow2");
}

TEST(DomainXml, KernelGuestBootsDirectlyAndADiskBesideItIsNotBooted) {
  DomainSpec spec = testing::tcg_memfd_guest();
  std::string xml = domain_xml(spec);
  EXPECT_EQ(xpath_one(xml, "/domain/os/kernel"), spec.boot.kernel);
  EXPECT_EQ(xpath_one(xml, "/domain/os/initrd"), spec.boot.initrd);
  EXPECT_EQ(xpath_one(xml, "/domain/os/cmdline"), spec.boot.cmdline);
  EXPECT_TRUE(xpath(xml, "/domain/devices/disk").empty());
  spec.boot.disk = "/images/root.raw";
  xml = domain_xml(spec);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/disk/source/@file"), "/images/root.raw");
  EXPECT_TRUE(xpath(xml, "/domain/devices/disk/boot").empty());
}

TEST(DomainXml, LifecycleAllowsAcpiShutdownAndNoUnwantedDevices) {
  std::string xml = domain_xml(testing::kvm_hugepage_guest());
  EXPECT_EQ(xpath(xml, "/domain/features/acpi").size(), 1u);
  EXPECT_EQ(xpath_one(xml, "/domain/on_poweroff"), "destroy");
  EXPECT_EQ(xpath_one(xml, "/domain/on_reboot"), "restart");
  EXPECT_EQ(xpath_one(xml, "/domain/on_crash"), "destroy");
  EXPECT_EQ(xpath_one(xml, "/domain/devices/memballoon/@model"), "none");
  EXPECT_EQ(xpath_one(xml, "/domain/devices/controller[@type='usb']/@model"), "none");
  EXPECT_TRUE(xpath(xml, "/domain/devices/graphics").empty());
}

TEST(DomainXml, ConsoleSocketIsOfferedAndLogged) {
  DomainSpec spec = testing::tcg_memfd_guest();
  std::string xml = domain_xml(spec);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/serial/@type"), "unix");
  EXPECT_EQ(xpath_one(xml, "/domain/devices/serial/source/@mode"), "bind");
  EXPECT_EQ(xpath_one(xml, "/domain/devices/serial/source/@path"), spec.console_socket);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/serial/log/@file"), spec.console_log);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/serial/log/@append"), "on");
  EXPECT_EQ(xpath_one(xml, "/domain/devices/console/source/@path"), spec.console_socket);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/console/target/@type"), "serial");
}

TEST(DomainXml, ConsoleWithoutSocketGoesToItsLogFileOrAPty) {
  DomainSpec spec = testing::kvm_hugepage_guest();
  std::string xml = domain_xml(spec);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/serial/@type"), "file");
  EXPECT_EQ(xpath_one(xml, "/domain/devices/serial/source/@path"), spec.console_log);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/serial/source/@append"), "on");
  spec.console_log.clear();
  EXPECT_EQ(xpath_one(domain_xml(spec), "/domain/devices/serial/@type"), "pty");
}

TEST(DomainXml, MetadataCarriesTheDesiredStateInTheAppliancesNamespace) {
  DomainSpec spec = testing::hostile_guest();
  std::string xml = domain_xml(spec);
  EXPECT_EQ(xpath_one(xml, "/domain/metadata/nfv:guest/nfv:desired"), spec.desired_json);
}

TEST(DomainXml, HostileStringsComeBackUnchangedFromAParser) {
  DomainSpec spec = testing::hostile_guest();
  std::string xml = domain_xml(spec);
  EXPECT_EQ(xpath_one(xml, "/domain/name"), spec.name);
  EXPECT_EQ(xpath_one(xml, "/domain/os/kernel"), spec.boot.kernel);
  EXPECT_EQ(xpath_one(xml, "/domain/os/initrd"), spec.boot.initrd);
  EXPECT_EQ(xpath_one(xml, "/domain/os/cmdline"), spec.boot.cmdline);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/interface/source/@path"), spec.vhost[0].socket);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/serial/source/@path"), spec.console_socket);
  EXPECT_EQ(xpath_one(xml, "/domain/devices/serial/log/@file"), spec.console_log);
  EXPECT_EQ(xpath(xml, "/domain/name").size(), 1u);
}

TEST(DomainXml, ControlCharactersCannotBecomeAnotherValidName) {
  DomainSpec spec = testing::tcg_memfd_guest();
  spec.name = std::string("a\x01z", 3);
  spec.vhost[0].socket = "/run/x\ty\nz\r.sock";
  std::string xml = domain_xml(spec);
  EXPECT_EQ(xpath_one(xml, "/domain/name"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(xpath_one(xml, "/domain/devices/interface[1]/source/@path"), spec.vhost[0].socket);
}

TEST(VhostAlias, IsALibvirtUserAliasAndDistinctPerPort) {
  EXPECT_EQ(vhost_alias("vm1-eth0"), "ua-vm1-eth0");
  std::regex libvirt_alias("ua-[a-zA-Z0-9_.-]+");
  std::set<std::string> aliases;
  for (std::string port : {"a b", "a_b", "a_20b", "a<b", "a&b", "a'b", "vm.0", "ÿ"}) {
    std::string alias = vhost_alias(port);
    EXPECT_TRUE(std::regex_match(alias, libvirt_alias)) << alias;
    EXPECT_TRUE(aliases.insert(alias).second) << port << " and another port share " << alias;
  }
}

}  // namespace
}  // namespace nfv::guests
