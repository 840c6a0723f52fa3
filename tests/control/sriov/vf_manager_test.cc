// The operations end to end on the fake sysfs: the happy path, refusals, missing VFIO and IOMMU,
// non-viable groups.
#include "nfv/sriov/vf_manager.h"

#include <gtest/gtest.h>
#include <linux/if_link.h>

#include <fstream>

#include "host_fixture.h"
#include "nfv/sriov/pci.h"

namespace nfv::sriov::testing {
namespace {

namespace fs = std::filesystem;

TEST(VfManager, HappyPathCreateBindAllocateReleaseRemove) {
  HostFixture host;
  auto initial = host.sys.snapshot();
  std::vector<std::string> progress;
  VfManager manager = host.manager([&](const std::string& line) { progress.push_back(line); });

  auto pf = manager.create_vfs({kX710, 4, false});
  ASSERT_TRUE(pf) << pf.error().message;
  EXPECT_EQ(pf->vfs.size(), 4u);
  host.netlink.add_link("enp59s0f0", 7, 4);

  VfSettings settings;
  settings.mac = *parse_mac("52:54:00:12:34:56");
  settings.vlan = VfVlan{100, 3};
  settings.spoof_check = true;
  settings.trust = false;
  auto allocation = manager.bind({kVf0, "vm1", Purpose::kGuest, settings});
  ASSERT_TRUE(allocation) << allocation.error().message;
  EXPECT_EQ(allocation->owner, "vm1");
  EXPECT_EQ(allocation->pf, kX710);
  EXPECT_EQ(allocation->vf_index, 0u);
  EXPECT_EQ(allocation->host_driver, "");
  EXPECT_EQ(allocation->iommu_group, 0u);
  EXPECT_EQ(allocation->numa_node, 0);
  EXPECT_EQ(allocation->vendor_device, "8086:154c");
  EXPECT_EQ(host.driver_of(kVf0), "vfio-pci");
  EXPECT_EQ(host.vfio.checked, std::vector<unsigned>{0});
  const VfState& vf0 = host.netlink.link("enp59s0f0").vfs[0];
  EXPECT_EQ(format_mac(vf0.mac), "52:54:00:12:34:56");
  EXPECT_EQ(vf0.vlan, (VfVlan{100, 3}));

  AllocationStore store(host.state_path());
  auto records = store.load();
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0], *allocation);

  auto inventory = manager.inventory();
  ASSERT_TRUE(inventory);
  EXPECT_EQ(inventory->allocations.size(), 1u);
  EXPECT_TRUE(inventory->stale.empty());

  // A second VF from the pool on node 0: VF 1, the lowest free index.
  auto allocated =
      manager.allocate({0, std::nullopt, std::nullopt, false}, "port-vf1", Purpose::kSwitchPort);
  ASSERT_TRUE(allocated) << allocated.error().message;
  EXPECT_EQ(allocated->allocation.device, kVf1);
  EXPECT_TRUE(allocated->choice.on_requested_node);

  auto released = manager.release(kVf0);
  ASSERT_TRUE(released) << released.error().message;
  EXPECT_EQ(released->owner, "vm1");
  EXPECT_EQ(host.driver_of(kVf0), "");  // as it was before the bind (autoprobe 0)
  ASSERT_TRUE(manager.release(kVf1));
  EXPECT_TRUE(store.load()->empty());

  ASSERT_TRUE(manager.create_vfs({kX710, 0, true}));
  // Full circle: VFs gone, autoprobe back to 1, the tree as the fixture built it.
  EXPECT_EQ(snapshot_diff(initial, host.sys.snapshot()), "");
  EXPECT_EQ(progress.front(), "PF 0000:3b:00.0: sriov_drivers_autoprobe 1 -> 0");
  EXPECT_NE(std::find(progress.begin(), progress.end(),
                      "0000:3b:02.0: binding to vfio-pci for vm1 (guest)"),
            progress.end());
}

TEST(VfManager, WholeDeviceForAnAiGuest) {
  HostFixture host;
  auto before = host.sys.snapshot();
  VfManager manager = host.manager();
  auto allocation = manager.bind({kGpu, "ai-worker-1", Purpose::kGuest, {}});
  ASSERT_TRUE(allocation) << allocation.error().message;
  EXPECT_EQ(allocation->host_driver, "nvidia");
  EXPECT_FALSE(allocation->pf);
  EXPECT_EQ(allocation->iommu_group, 90u);
  auto inventory = manager.inventory();
  ASSERT_EQ(inventory->whole_devices.size(), 1u);
  EXPECT_EQ(inventory->whole_devices[0].driver, "vfio-pci");
  ASSERT_TRUE(manager.release(kGpu));
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
}

TEST(VfManager, RefusesWhatItDoesNotOwnOrWouldBreak) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(manager.create_vfs({kX710, 2, false}));
  ASSERT_TRUE(manager.bind({kVf0, "vm1", Purpose::kGuest, {}}));

  auto twice = manager.bind({kVf0, "vm2", Purpose::kGuest, {}});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message,
            "0000:3b:02.0 is already allocated to vm1 (guest); release it first (nfvctl vf "
            "release --vf 0000:3b:02.0)");
  auto recount = manager.create_vfs({kX710, 4, false});
  ASSERT_FALSE(recount);
  EXPECT_EQ(recount.error().message,
            "PF 0000:3b:00.0 has allocated VFs: 0000:3b:02.0 for vm1 (guest); release them first "
            "(nfvctl vf release --vf BDF), changing the VF count would destroy them");
  auto unknown = manager.release(kVf1);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("0000:3b:02.1 is not allocated by nfv-appliance (no "
                                         "record in "),
            std::string::npos);
  auto pf = manager.bind({kX710, "vm3", Purpose::kGuest, {}});
  ASSERT_FALSE(pf);
  EXPECT_EQ(pf.error().message,
            "0000:3b:00.0 is a PF with 2 VFs enabled; bind one of its VFs, or remove the VFs "
            "first (nfvctl vf create --pf 0000:3b:00.0 --count 0)");
  auto no_owner = manager.bind({kVf1, "", Purpose::kGuest, {}});
  ASSERT_FALSE(no_owner);
  EXPECT_NE(no_owner.error().message.find("an owner is needed"), std::string::npos);
}

TEST(VfManager, NonViableGroupIsRefusedBeforeAnyWrite) {
  HostFixture host("shared-group");
  VfManager manager = host.manager();
  ASSERT_TRUE(manager.create_vfs({kX710, 2, false}));
  size_t start = host.sys.kernel().write_count();
  auto before = host.sys.snapshot();
  auto allocation = manager.bind({kVf0, "vm1", Purpose::kGuest, {}});
  ASSERT_FALSE(allocation);
  EXPECT_EQ(allocation.error().message,
            "cannot give 0000:3b:02.0 to VFIO: IOMMU group 40 is not viable for VFIO: "
            "0000:3b:00.0 is bound to i40e, 0000:3b:00.3 is bound to xhci_hcd; every device of a "
            "group must be on vfio-pci or unbound, so unbind those devices or bind them to "
            "vfio-pci too (or use a slot whose bridge has ACS, giving the device its own group)");
  EXPECT_EQ(host.sys.kernel().write_count(), start);
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
  // The GPU's own group is fine in the same profile.
  EXPECT_TRUE(manager.bind({kGpu, "ai1", Purpose::kGuest, {}}));
}

TEST(VfManager, MissingVfioPciDriverNamesModprobe) {
  HostFixture host;
  fs::remove_all(host.sys.backing() / "bus/pci/drivers/vfio-pci");
  VfManager manager = host.manager();
  auto allocation = manager.bind({kGpu, "ai1", Purpose::kGuest, {}});
  ASSERT_FALSE(allocation);
  EXPECT_NE(allocation.error().message.find("vfio-pci is not loaded"), std::string::npos);
  EXPECT_NE(allocation.error().message.find("modprobe vfio-pci"), std::string::npos);
  EXPECT_EQ(host.sys.kernel().write_count(), 0u);
}

TEST(VfManager, MissingDevVfioNamesTheKernelParameters) {
  HostFixture host;
  fs::create_directories(host.sys.scratch() / "dev");  // a /dev without vfio/
  KernelVfioGroups kernel_vfio(host.sys.scratch() / "dev");
  VfManager manager(host.sysfs, kernel_vfio, AllocationStore(host.state_path()), nullptr);
  auto allocation = manager.bind({kGpu, "ai1", Purpose::kGuest, {}});
  ASSERT_FALSE(allocation);
  EXPECT_EQ(allocation.error().message,
            "VFIO is not available: " + (host.sys.scratch() / "dev/vfio/vfio").string() +
                " is missing (vfio-pci not loaded or no IOMMU); add intel_iommu=on iommu=pt "
                "(Intel) or amd_iommu=on (AMD) to the kernel command line, reboot, then run "
                "`modprobe vfio-pci`");
  EXPECT_EQ(host.sys.kernel().write_count(), 0u);
}

TEST(VfManager, NoIommuIsRefusedWithTheKernelParameters) {
  HostFixture host;
  fs::remove(host.sys.backing() / "devices/pci0000:80/0000:d8:00.0/iommu_group");
  fs::remove_all(host.sys.backing() / "kernel/iommu_groups/90");
  VfManager manager = host.manager();
  auto allocation = manager.bind({kGpu, "ai1", Purpose::kGuest, {}});
  ASSERT_FALSE(allocation);
  EXPECT_NE(allocation.error().message.find("0000:d8:00.0 has no IOMMU group: the IOMMU is off"),
            std::string::npos);
  EXPECT_NE(allocation.error().message.find("amd_iommu=on"), std::string::npos);
  EXPECT_EQ(host.sys.kernel().write_count(), 0u);
}

TEST(VfManager, ForeignVfioVfsAreNeitherTakenNorRemoved) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(manager.create_vfs({kX710, 2, false}));
  // Another tool hands VF 1 to vfio-pci behind our back.
  host.echo("bus/pci/devices/0000:3b:02.1/driver_override", "vfio-pci");
  host.echo("bus/pci/drivers_probe", "0000:3b:02.1");
  auto take = manager.bind({kVf1, "vm1", Purpose::kGuest, {}});
  ASSERT_FALSE(take);
  EXPECT_EQ(take.error().message,
            "0000:3b:02.1 is already on vfio-pci but not allocated by nfv-appliance: another tool "
            "or VM holds it; refusing to take it over");
  auto remove = manager.create_vfs({kX710, 0, std::nullopt});
  ASSERT_FALSE(remove);
  EXPECT_NE(remove.error().message.find("VFs 0000:3b:02.1 are on vfio-pci but not allocated"),
            std::string::npos);
  EXPECT_EQ(host.driver_of(kVf1), "vfio-pci");
}

TEST(VfManager, PoolPrefersTheGuestsNodeAndSaysWhenItCrosses) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(manager.create_vfs({kX710, 1, false}));
  ASSERT_TRUE(manager.create_vfs({kCx5, 1, false}));
  auto near = manager.allocate({1, std::nullopt, std::nullopt, false}, "vm-node1", Purpose::kGuest);
  ASSERT_TRUE(near) << near.error().message;
  EXPECT_EQ(near->allocation.device.str(), "0000:af:00.2");
  EXPECT_EQ(near->allocation.numa_node, 1);
  auto strict = manager.allocate({1, std::nullopt, std::nullopt, true}, "vm2", Purpose::kGuest);
  ASSERT_FALSE(strict);
  EXPECT_NE(strict.error().message.find("no free VF on node 1 (other nodes have some"),
            std::string::npos);
  auto far = manager.allocate({1, std::nullopt, std::nullopt, false}, "vm2", Purpose::kGuest);
  ASSERT_TRUE(far) << far.error().message;
  EXPECT_EQ(far->allocation.device, kVf0);
  EXPECT_FALSE(far->choice.on_requested_node);
  EXPECT_EQ(far->choice.note,
            "no free VF on node 1; took one on node 0: its traffic crosses the NUMA interconnect");
}

TEST(VfManager, VfSettingsAreVerifiedByReadBack) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(manager.create_vfs({kX710, 2, false}));
  host.netlink.add_link("enp59s0f0", 7, 2);
  host.netlink.ignore_attribute(IFLA_VF_VLAN);  // a driver that ACKs and does nothing
  VfSettings settings;
  settings.mac = *parse_mac("52:54:00:00:00:01");
  settings.vlan = VfVlan{42, 0};
  auto state = manager.configure(kVf1, settings);
  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().message,
            "PF enp59s0f0: VF 1 did not take its settings (vlan: asked 42 qos 0, reads 0 qos 0); "
            "the driver ignored them, check `ip link show enp59s0f0` (rolled back 1 step)");
  EXPECT_EQ(format_mac(host.netlink.link("enp59s0f0").vfs[1].mac), "00:00:00:00:00:00");
}

}  // namespace
}  // namespace nfv::sriov::testing
