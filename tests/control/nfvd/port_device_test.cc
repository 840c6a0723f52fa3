// A port's `device` given as a netdev name becomes its PCI address through sysfs, on a sysfs
// tree built the way the kernel lays it out: class/net/<name> links into the device tree, and
// its `device` link names the PCI function (or a USB interface, or nothing for a virtual one).
#include "nfv/nfvd/port_device.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "nfv/config/parse.h"
#include "nfv/nfvd/desired_state.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::nfvd {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// <root>/devices/<parent>/<device>/net/<name>, linked from class/net/<name>; `device` is its
// device's link, and the device's subsystem link names `bus`. No device: a virtual netdev.
void add_netdev(const fs::path& root, const std::string& name, const std::string& parent,
                const std::string& device, const std::string& bus) {
  fs::path dir = root / "devices" / parent;
  if (!device.empty()) dir /= device;
  fs::create_directories(dir / "net" / name);
  fs::create_directories(root / "class/net");
  fs::create_directory_symlink(fs::relative(dir / "net" / name, root / "class/net"),
                               root / "class/net" / name);
  if (device.empty()) return;
  fs::create_directories(root / "bus" / bus);
  fs::create_directory_symlink(fs::relative(root / "bus" / bus, dir), dir / "subsystem");
  fs::create_directory_symlink("../../../" + device, dir / "net" / name / "device");
}

class PortDeviceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = testing::TestDir::create();
    ASSERT_TRUE(dir) << dir.error().message;
    dir_.emplace(std::move(dir).value());
    root_ = dir_->file("sys");
    add_netdev(root_, "eth4", "pci0000:3a", "0000:3b:00.0", "pci");
    add_netdev(root_, "usb0", "pci0000:00/0000:00:14.0/usb2/2-1", "2-1:1.0", "usb");
    add_netdev(root_, "br-lab", "virtual/net", "", "");
  }

  std::optional<testing::TestDir> dir_;
  fs::path root_;
};

TEST_F(PortDeviceTest, ANetdevBecomesThePciAddressOfItsDevice) {
  host::Sysfs sysfs(root_);
  NFV_ASSERT_OK_AND_ASSIGN(std::string address, resolve_port_device(sysfs, "eth4"));
  EXPECT_EQ(address, "0000:3b:00.0");
}

TEST_F(PortDeviceTest, PciAddressesAreTakenAsGivenInTheirLongForm) {
  host::Sysfs sysfs(root_ / "absent");  // never read for an address
  NFV_ASSERT_OK_AND_ASSIGN(std::string short_form, resolve_port_device(sysfs, "3B:00.1"));
  EXPECT_EQ(short_form, "0000:3b:00.1");
  NFV_ASSERT_OK_AND_ASSIGN(std::string long_form, resolve_port_device(sysfs, "0000:88:00.0"));
  EXPECT_EQ(long_form, "0000:88:00.0");
}

TEST_F(PortDeviceTest, ErrorsSayWhatIsWrongWithTheName) {
  host::Sysfs sysfs(root_);
  auto missing = resolve_port_device(sysfs, "eth9");
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("no network interface eth9"));
  EXPECT_THAT(missing.error().message, HasSubstr("ip link"));
  auto usb = resolve_port_device(sysfs, "usb0");
  ASSERT_FALSE(usb);
  EXPECT_THAT(usb.error().message, HasSubstr("usb0 is backed by a usb device 2-1:1.0"));
  EXPECT_THAT(usb.error().message, HasSubstr("not a PCI device"));
  auto bridge = resolve_port_device(sysfs, "br-lab");
  ASSERT_FALSE(bridge);
  EXPECT_THAT(bridge.error().message, HasSubstr("br-lab is a virtual interface"));
  auto escape = resolve_port_device(sysfs, "../../etc");
  ASSERT_FALSE(escape);
  EXPECT_THAT(escape.error().message, HasSubstr("neither a PCI address"));
}

TEST_F(PortDeviceTest, TheDesiredStateResolvesDevicesAndNamesTheConfigEntry) {
  host::Sysfs sysfs(root_);
  MappingOptions options;
  options.resolve_device = [&](const std::string& device) {
    return resolve_port_device(sysfs, device);
  };
  auto good = config::parse_config("switch: {}\nports:\n  - {name: up0, device: eth4}\n", "h.yaml");
  ASSERT_TRUE(good) << good.error().message;
  NFV_ASSERT_OK_AND_ASSIGN(reconcile::SwitchState state, desired_switch_state(*good, options));
  EXPECT_EQ(state.ports.at("up0").spec.devargs, "0000:3b:00.0");
  auto bad = config::parse_config("switch: {}\nports:\n  - {name: up0, device: eth9}\n", "h.yaml");
  ASSERT_TRUE(bad) << bad.error().message;
  auto mapped = desired_switch_state(*bad, options);
  ASSERT_FALSE(mapped);
  EXPECT_THAT(mapped.error().message, HasSubstr("h.yaml:3:"));
  EXPECT_THAT(mapped.error().message, HasSubstr("ports[0].device"));
  EXPECT_THAT(mapped.error().message, HasSubstr("no network interface eth9"));
}

}  // namespace
}  // namespace nfv::nfvd
