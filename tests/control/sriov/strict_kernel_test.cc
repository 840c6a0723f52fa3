// The SR-IOV double is as strict as the kernel where nfvd's binding and release depend on it:
// a held VFIO group blocks the unbind, a non-viable group keeps its node, udev renames VF
// netdevs late. Each behaviour of the double, then the code's reaction to it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <future>
#include <thread>

#include "host_fixture.h"
#include "nfv/sriov/vf_netdev.h"
#include "nfv/sriov/vfio_checks.h"

namespace nfv::sriov::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr const char* kQemu = "qemu-system-x86 (pid 4242)";

// Polls `condition` for up to two seconds.
template <typename Condition>
bool eventually(Condition condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(2));
  }
  return true;
}

// VF 0 of the X710 on vfio-pci for vm1, its group (0) held open by QEMU.
void bind_vf0_held_by_qemu(HostFixture& host, VfManager& manager) {
  ASSERT_TRUE(manager.create_vfs({kX710, 2, false}));
  auto allocation = manager.bind({kVf0, "vm1", Purpose::kGuest, {}});
  ASSERT_TRUE(allocation) << allocation.error().message;
  host.sys.kernel().hold_open(kVf0.str(), kQemu);
}

TEST(StrictKernel, UnbindOfAHeldDeviceBlocksUntilItIsLetGo) {
  HostFixture host;
  VfManager manager = host.manager();
  bind_vf0_held_by_qemu(host, manager);
  auto unbind = std::async(std::launch::async, [&] {
    return host.sysfs.write("bus/pci/drivers/vfio-pci/unbind", kVf0.str());
  });
  ASSERT_TRUE(eventually([&] { return host.sys.kernel().blocked_unbinds() == 1; }));
  EXPECT_EQ(unbind.wait_for(milliseconds(0)), std::future_status::timeout);
  host.sys.kernel().let_go(kVf0.str());
  EXPECT_TRUE(unbind.get());
  EXPECT_EQ(host.driver_of(kVf0), "");
}

TEST(StrictKernel, AHeldVfCannotBeRemoved) {
  HostFixture host;
  VfManager manager = host.manager();
  bind_vf0_held_by_qemu(host, manager);
  Status removed = host.sysfs.write("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "0");
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, EBUSY);
}

TEST(StrictKernel, ReleaseOfAHeldVfIsRefusedNamingGroupAndHolder) {
  HostFixture host;
  VfManager manager = host.manager();
  bind_vf0_held_by_qemu(host, manager);
  size_t writes = host.sys.kernel().write_count();
  auto released = manager.release(kVf0);
  ASSERT_FALSE(released);
  EXPECT_EQ(released.error().message,
            "0000:3b:02.0 cannot leave vfio-pci: its IOMMU group 0 is held open by "
            "qemu-system-x86 (pid 4242), and unbinding it would block until that process lets "
            "go; stop the guest or detach the device from it, then retry");
  EXPECT_EQ(host.sys.kernel().write_count(), writes);
  EXPECT_EQ(host.sys.kernel().blocked_unbinds(), 0u);
  EXPECT_EQ(host.driver_of(kVf0), "vfio-pci");
  auto records = AllocationStore(host.state_path()).load();
  ASSERT_TRUE(records);
  EXPECT_EQ(records->size(), 1u);  // still ours, still recorded
}

TEST(StrictKernel, ReleaseWaitsForTheHolderUpToItsDeadline) {
  HostFixture host;
  std::atomic<bool> waiting{false};
  VfManager manager = host.manager([&](const std::string& line) {
    if (line.find("waiting up to") != std::string::npos) waiting = true;
  });
  bind_vf0_held_by_qemu(host, manager);
  auto start = std::chrono::steady_clock::now();
  auto refused = manager.release(kVf0, milliseconds(150));
  ASSERT_FALSE(refused);
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(150));
  EXPECT_NE(refused.error().message.find("held open by qemu-system-x86 (pid 4242)"),
            std::string::npos);
  EXPECT_NE(refused.error().message.find("(waited 150 ms)"), std::string::npos);

  // The guest lets go while release waits: the release goes through, nothing blocked.
  waiting = false;
  std::thread guest([&] {
    if (eventually([&] { return waiting.load(); })) host.sys.kernel().let_go(kVf0.str());
  });
  auto released = manager.release(kVf0, milliseconds(5000));
  guest.join();
  ASSERT_TRUE(released) << released.error().message;
  EXPECT_EQ(host.driver_of(kVf0), "");
  EXPECT_EQ(host.sys.kernel().blocked_unbinds(), 0u);
}

TEST(StrictKernel, ANonViableGroupKeepsItsNodeButTheIoctlSaysSo) {
  HostFixture host("shared-group");
  host.echo("bus/pci/drivers/xhci_hcd/unbind", "0000:3b:00.3");
  VfManager manager = host.manager();
  ASSERT_TRUE(manager.bind({kX710, "vm1", Purpose::kGuest, {}}));
  EXPECT_EQ(*host.vfio.group_status(40), GroupStatus::kViable);
  host.echo("bus/pci/drivers/xhci_hcd/bind", "0000:3b:00.3");
  auto status = host.vfio.group_status(40);
  ASSERT_TRUE(status) << status.error().message;  // the node is still there
  EXPECT_EQ(*status, GroupStatus::kNotViable);
}

TEST(StrictKernel, BindNamesTheDeviceThatMadeTheGroupNonViable) {
  // The USB controller sharing the X710's group is unbound when the bind checks sysfs, and is
  // bound back to xhci_hcd (a udev rule racing) right after the probe: only VFIO's ioctl sees it.
  HostFixture host("shared-group");
  host.echo("bus/pci/drivers/xhci_hcd/unbind", "0000:3b:00.3");
  VfManager manager = host.manager();
  host.sys.kernel().bind_after_write(3, "0000:3b:00.3", "xhci_hcd");
  auto allocation = manager.bind({kX710, "vm1", Purpose::kGuest, {}});
  ASSERT_FALSE(allocation);
  EXPECT_EQ(allocation.error().message,
            "the kernel reports IOMMU group 40 not viable (VFIO_GROUP_GET_STATUS; its /dev/vfio "
            "node exists): 0000:3b:00.3 is bound to xhci_hcd; every device of a group must be "
            "on vfio-pci or unbound, so unbind them (echo 0000:3b:00.3 > " +
                host.sys.root().string() +
                "/bus/pci/drivers/xhci_hcd/unbind) or bind them to vfio-pci too, or use a slot "
                "whose bridge has ACS (rolled back 3 steps)");
  EXPECT_EQ(host.driver_of(kX710), "i40e");
  EXPECT_FALSE(fs::exists(host.state_path()));
}

TEST(StrictKernel, VfNetdevsAppearAsEthNAndAreRenamedByUdevLater) {
  HostFixture host;
  host.sys.kernel().set_udev_rename_delay(std::nullopt);
  host.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "2");
  fs::path vf1 = host.sys.root() / "bus/pci/devices/0000:3b:02.1";
  EXPECT_TRUE(fs::is_directory(vf1 / "net/eth1"));
  EXPECT_TRUE(fs::exists(host.sys.root() / "class/net/eth1"));
  EXPECT_EQ(*host.sysfs.read("class/net/eth1/name_assign_type"), "1");
  host.sys.kernel().settle_udev();
  EXPECT_FALSE(fs::exists(vf1 / "net/eth1"));
  EXPECT_FALSE(fs::exists(host.sys.root() / "class/net/eth1"));
  EXPECT_EQ(*host.sysfs.read("class/net/enp59s0f0v1/name_assign_type"), "4");
  EXPECT_TRUE(fs::exists(host.sys.root() / "class/net/enp59s0f0v1/device/physfn"));
}

// Two VFs on iavf, udev renaming their netdevs `rename_delay` after they appear (never: no
// udev rule on this host); then the VF's netdev as resolve_vf_netdev finds it within `wait`.
Result<VfNetdev> netdev_of_new_vf(std::optional<milliseconds> rename_delay, const PciAddress& vf,
                                  milliseconds wait) {
  HostFixture host;
  host.sys.kernel().set_udev_rename_delay(rename_delay);
  host.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "2");
  return resolve_vf_netdev(host.sysfs, vf, wait);
}

TEST(StrictKernel, VfNetdevIsResolvedByAddressOnceUdevRenamedIt) {
  auto netdev = netdev_of_new_vf(milliseconds(100), kVf1, milliseconds(5000));
  ASSERT_TRUE(netdev) << netdev.error().message;
  EXPECT_EQ(netdev->name, "enp59s0f0v1");
  EXPECT_TRUE(netdev->settled);
}

TEST(StrictKernel, AnUnrenamedVfNetdevIsReturnedUnsettledAtTheDeadline) {
  auto netdev = netdev_of_new_vf(std::nullopt, kVf0, milliseconds(50));
  ASSERT_TRUE(netdev) << netdev.error().message;
  EXPECT_EQ(netdev->name, "eth0");
  EXPECT_FALSE(netdev->settled);
}

TEST(StrictKernel, AVfOnVfioPciHasNoNetdevToWaitFor) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(manager.create_vfs({kX710, 2, false}));
  auto netdev = resolve_vf_netdev(host.sysfs, kVf0, milliseconds(5000));
  ASSERT_FALSE(netdev);
  EXPECT_EQ(netdev.error().message,
            "VF 0000:3b:02.0 has no network interface: it is unbound; bind it to its host VF "
            "driver (iavf, mlx5_core) to get one");
}

TEST(VfNetdevName, OnlyAnEnumeratedNameIsWaitedFor) {
  EXPECT_FALSE(settled_netdev({}, {}));
  EXPECT_FALSE(settled_netdev({"eth3"}, {kNetNameEnum}));
  EXPECT_EQ(settled_netdev({"enp59s0f0v3"}, {4u})->name, "enp59s0f0v3");
  EXPECT_EQ(settled_netdev({"eth3"}, {std::nullopt})->name, "eth3");  // old kernel: final
}

TEST(VfioHolder, FoundThroughProcFileDescriptors) {
  fs::path proc = fs::temp_directory_path() / ("nfv-proc-" + std::to_string(::getpid()));
  fs::create_directories(proc / "77/fd");
  fs::create_directories(proc / "4242/fd");
  fs::create_directories(proc / "self");
  std::ofstream(proc / "4242/comm") << "qemu-system-x86\n";
  fs::create_symlink("/dev/null", proc / "77/fd/0");
  fs::create_symlink("/dev/vfio/40", proc / "4242/fd/23");
  EXPECT_EQ(find_node_holder(proc, "/dev/vfio/40"), "qemu-system-x86 (pid 4242)");
  EXPECT_EQ(find_node_holder(proc, "/dev/vfio/41"), "");
  fs::remove_all(proc);
}

}  // namespace
}  // namespace nfv::sriov::testing
