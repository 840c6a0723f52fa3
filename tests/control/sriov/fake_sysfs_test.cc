// The test double checked against the kernel rules of tests/fixtures/sriov/README.md, through
// plain system calls on the mount (not through the code under test).
#include "fake_sysfs.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nfv::sriov::testing {
namespace {

namespace fs = std::filesystem;

// 0 or the errno of open+write, as a shell `echo -n` would see it.
int write_attr(const fs::path& file, const std::string& data) {
  int fd = ::open(file.c_str(), O_WRONLY);
  if (fd < 0) return errno;
  ssize_t n = ::write(fd, data.data(), data.size());
  int error = n < 0 ? errno : 0;
  ::close(fd);
  return error;
}

int open_errno(const fs::path& file, int flags) {
  int fd = ::open(file.c_str(), flags);
  if (fd < 0) return errno;
  ::close(fd);
  return 0;
}

std::string read_attr(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class FakeSysfsTest : public ::testing::Test {
 protected:
  fs::path dev(const std::string& bdf) const { return sys.root() / "bus/pci/devices" / bdf; }
  fs::path drivers() const { return sys.root() / "bus/pci/drivers"; }
  fs::path x710() const { return dev("0000:3b:00.0"); }

  FakeSysfs sys{"telco"};
};

TEST_F(FakeSysfsTest, ServesTheFixtureTree) {
  EXPECT_EQ(read_attr(x710() / "vendor"), "0x8086\n");
  EXPECT_EQ(read_attr(x710() / "sriov_totalvfs"), "8\n");
  EXPECT_EQ(fs::read_symlink(x710() / "driver"), "../../../bus/pci/drivers/i40e");
  EXPECT_EQ(fs::read_symlink(x710() / "iommu_group"), "../../../kernel/iommu_groups/40");
  EXPECT_TRUE(fs::exists(sys.root() / "class/net/enp59s0f0/device/sriov_numvfs"));
}

TEST_F(FakeSysfsTest, NumvfsRulesInKernelOrder) {
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "two"), EINVAL);
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "-1"), EINVAL);
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "70000"), ERANGE);  // beyond u16
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "9"), ERANGE);      // beyond sriov_totalvfs
  auto before = sys.snapshot();
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "0"), 0);  // equal: no-op
  EXPECT_EQ(snapshot_diff(before, sys.snapshot()), "");
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "2\n"), 0);
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "3"), EBUSY);  // 0 first
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "0x2"), 0);    // equal again, hex accepted
  EXPECT_EQ(read_attr(x710() / "sriov_numvfs"), "2\n");
}

TEST_F(FakeSysfsTest, NumvfsWithoutPfDriverIsEnoent) {
  ASSERT_EQ(write_attr(drivers() / "i40e/unbind", "0000:3b:00.0"), 0);
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "2"), ENOENT);
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "0"), 0);  // equal wins over ENOENT
}

TEST_F(FakeSysfsTest, EnablingCreatesVfDevicesLinksGroupsAndProbes) {
  ASSERT_EQ(write_attr(x710() / "sriov_numvfs", "2"), 0);
  fs::path vf0 = dev("0000:3b:02.0");  // offset 16, stride 1
  fs::path vf1 = dev("0000:3b:02.1");
  EXPECT_EQ(fs::read_symlink(x710() / "virtfn0"), "../0000:3b:02.0");
  EXPECT_EQ(fs::read_symlink(x710() / "virtfn1"), "../0000:3b:02.1");
  EXPECT_EQ(fs::read_symlink(vf0 / "physfn"), "../0000:3b:00.0");
  EXPECT_EQ(fs::read_symlink(sys.root() / "bus/pci/devices/0000:3b:02.0"),
            "../../../devices/pci0000:00/0000:3b:02.0");
  EXPECT_EQ(read_attr(vf0 / "vendor"), "0x8086\n");
  EXPECT_EQ(read_attr(vf0 / "device"), "0x154c\n");
  EXPECT_EQ(read_attr(vf0 / "numa_node"), "0\n");
  EXPECT_EQ(read_attr(vf0 / "driver_override"), "(null)\n");
  // Own groups (ACS), numbered like the kernel's IDA: the lowest free ids.
  EXPECT_EQ(fs::read_symlink(vf0 / "iommu_group"), "../../../kernel/iommu_groups/0");
  EXPECT_EQ(fs::read_symlink(vf1 / "iommu_group"), "../../../kernel/iommu_groups/1");
  EXPECT_EQ(fs::read_symlink(sys.root() / "kernel/iommu_groups/1/devices/0000:3b:02.1"),
            "../../../../devices/pci0000:00/0000:3b:02.1");
  // Autoprobe 1 (the default): the host VF driver takes them, with a netdev.
  EXPECT_EQ(fs::read_symlink(vf0 / "driver"), "../../../bus/pci/drivers/iavf");
  EXPECT_TRUE(fs::exists(drivers() / "iavf/0000:3b:02.0"));
  EXPECT_TRUE(fs::is_directory(vf1 / "net/enp59s0f0v1"));
  EXPECT_TRUE(fs::exists(sys.root() / "class/net/enp59s0f0v1/device/physfn"));
  EXPECT_EQ(read_attr(x710() / "sriov_numvfs"), "2\n");
}

TEST_F(FakeSysfsTest, ConnectXVfAddressesCrossDeviceNumbers) {
  fs::path cx5 = dev("0000:af:00.0");  // offset 2, stride 1
  ASSERT_EQ(write_attr(cx5 / "sriov_numvfs", "7"), 0);
  EXPECT_EQ(fs::read_symlink(cx5 / "virtfn0"), "../0000:af:00.2");
  EXPECT_EQ(fs::read_symlink(cx5 / "virtfn5"), "../0000:af:00.7");
  EXPECT_EQ(fs::read_symlink(cx5 / "virtfn6"), "../0000:af:01.0");
  EXPECT_EQ(read_attr(dev("0000:af:01.0") / "numa_node"), "1\n");
  EXPECT_EQ(fs::read_symlink(dev("0000:af:01.0") / "driver"), "../../../bus/pci/drivers/mlx5_core");
}

TEST_F(FakeSysfsTest, DisablingRemovesEverythingItCreated) {
  auto before = sys.snapshot();
  ASSERT_EQ(write_attr(x710() / "sriov_numvfs", "3"), 0);
  ASSERT_EQ(write_attr(x710() / "sriov_numvfs", "0"), 0);
  EXPECT_EQ(snapshot_diff(before, sys.snapshot()), "");
}

TEST_F(FakeSysfsTest, AutoprobeZeroLeavesVfsUnbound) {
  EXPECT_EQ(write_attr(x710() / "sriov_drivers_autoprobe", "maybe"), EINVAL);
  ASSERT_EQ(write_attr(x710() / "sriov_drivers_autoprobe", "0"), 0);
  EXPECT_EQ(read_attr(x710() / "sriov_drivers_autoprobe"), "0\n");
  ASSERT_EQ(write_attr(x710() / "sriov_numvfs", "1"), 0);
  EXPECT_FALSE(fs::is_symlink(dev("0000:3b:02.0") / "driver"));
  EXPECT_FALSE(fs::exists(dev("0000:3b:02.0") / "net"));
  ASSERT_EQ(write_attr(x710() / "sriov_drivers_autoprobe", "on"), 0);
  EXPECT_EQ(read_attr(x710() / "sriov_drivers_autoprobe"), "1\n");
}

TEST_F(FakeSysfsTest, VfInUseBlocksRemoval) {
  ASSERT_EQ(write_attr(x710() / "sriov_numvfs", "2"), 0);
  sys.kernel().set_in_use("0000:3b:02.1", true);
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "0"), EBUSY);
  EXPECT_TRUE(fs::exists(dev("0000:3b:02.1")));
  sys.kernel().set_in_use("0000:3b:02.1", false);
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "0"), 0);
  EXPECT_FALSE(fs::exists(dev("0000:3b:02.1")));
}

TEST_F(FakeSysfsTest, DriverOverrideStoresWithoutRebinding) {
  ASSERT_EQ(write_attr(x710() / "driver_override", "vfio-pci\n"), 0);
  EXPECT_EQ(read_attr(x710() / "driver_override"), "vfio-pci\n");
  EXPECT_EQ(fs::read_symlink(x710() / "driver"), "../../../bus/pci/drivers/i40e");
  ASSERT_EQ(write_attr(x710() / "driver_override", "\n"), 0);
  EXPECT_EQ(read_attr(x710() / "driver_override"), "(null)\n");
}

TEST_F(FakeSysfsTest, UnbindAndBindFollowTheDriverMatch) {
  fs::path gpu = dev("0000:d8:00.0");
  EXPECT_EQ(write_attr(drivers() / "i40e/unbind", "0000:d8:00.0"), ENODEV);  // not bound to it
  EXPECT_EQ(write_attr(drivers() / "nvidia/bind", "0000:d8:00.0"), EBUSY);   // already bound
  EXPECT_EQ(write_attr(drivers() / "i40e/bind", "0000:d8:00.0"), ENODEV);    // no id match
  auto before = sys.snapshot();
  ASSERT_EQ(write_attr(drivers() / "nvidia/unbind", "0000:d8:00.0\n"), 0);
  EXPECT_FALSE(fs::is_symlink(gpu / "driver"));
  EXPECT_FALSE(fs::exists(drivers() / "nvidia/0000:d8:00.0"));
  EXPECT_EQ(write_attr(drivers() / "vfio-pci/bind", "0000:d8:00.0"), ENODEV);  // no override
  ASSERT_EQ(write_attr(gpu / "driver_override", "vfio-pci"), 0);
  EXPECT_EQ(write_attr(drivers() / "nvidia/bind", "0000:d8:00.0"), ENODEV);  // override wins
  ASSERT_EQ(write_attr(drivers() / "vfio-pci/bind", "0000:d8:00.0"), 0);
  EXPECT_EQ(fs::read_symlink(gpu / "driver"), "../../../bus/pci/drivers/vfio-pci");
  ASSERT_EQ(write_attr(drivers() / "vfio-pci/unbind", "0000:d8:00.0"), 0);
  ASSERT_EQ(write_attr(gpu / "driver_override", "\n"), 0);
  ASSERT_EQ(write_attr(sys.root() / "bus/pci/drivers_probe", "0000:d8:00.0"), 0);
  EXPECT_EQ(snapshot_diff(before, sys.snapshot()), "");
}

TEST_F(FakeSysfsTest, UnbindingANicRemovesItsNetdevAndRebindingRestoresIt) {
  auto before = sys.snapshot();
  ASSERT_EQ(write_attr(drivers() / "i40e/unbind", "0000:3b:00.0"), 0);
  EXPECT_FALSE(fs::exists(x710() / "net"));
  EXPECT_FALSE(fs::is_symlink(sys.root() / "class/net/enp59s0f0"));
  ASSERT_EQ(write_attr(sys.root() / "bus/pci/drivers_probe", "0000:3b:00.0"), 0);
  EXPECT_EQ(snapshot_diff(before, sys.snapshot()), "");
}

TEST_F(FakeSysfsTest, DriversProbeHonoursOverrideAndVfAutoprobe) {
  ASSERT_EQ(write_attr(x710() / "sriov_drivers_autoprobe", "0"), 0);
  ASSERT_EQ(write_attr(x710() / "sriov_numvfs", "2"), 0);
  fs::path probe = sys.root() / "bus/pci/drivers_probe";
  // A VF of a PF with autoprobe 0 binds nothing without an override (pci_device_can_probe).
  ASSERT_EQ(write_attr(probe, "0000:3b:02.0"), 0);
  EXPECT_FALSE(fs::is_symlink(dev("0000:3b:02.0") / "driver"));
  EXPECT_EQ(write_attr(drivers() / "iavf/bind", "0000:3b:02.0"), ENODEV);
  ASSERT_EQ(write_attr(dev("0000:3b:02.0") / "driver_override", "vfio-pci"), 0);
  ASSERT_EQ(write_attr(probe, "0000:3b:02.0"), 0);
  EXPECT_EQ(fs::read_symlink(dev("0000:3b:02.0") / "driver"), "../../../bus/pci/drivers/vfio-pci");
  EXPECT_EQ(write_attr(probe, "0000:ff:1f.7"), ENODEV);  // no such device
}

TEST_F(FakeSysfsTest, VfioPciRefusesDevicesWithoutIommuGroup) {
  fs::remove(sys.backing() / "devices/pci0000:80/0000:d8:00.0/iommu_group");
  fs::path gpu = dev("0000:d8:00.0");
  ASSERT_EQ(write_attr(gpu / "driver_override", "vfio-pci"), 0);
  ASSERT_EQ(write_attr(drivers() / "nvidia/unbind", "0000:d8:00.0"), 0);
  EXPECT_EQ(write_attr(sys.root() / "bus/pci/drivers_probe", "0000:d8:00.0"), 0);
  EXPECT_FALSE(fs::is_symlink(gpu / "driver"));  // the probe failed quietly
  EXPECT_EQ(write_attr(drivers() / "vfio-pci/bind", "0000:d8:00.0"), EINVAL);
}

TEST_F(FakeSysfsTest, ReadOnlyAndWriteOnlyFiles) {
  for (const char* name : {"vendor", "device", "class", "numa_node", "sriov_totalvfs",
                           "sriov_offset", "sriov_stride", "sriov_vf_device"}) {
    EXPECT_EQ(open_errno(x710() / name, O_WRONLY), EACCES) << name;
  }
  EXPECT_EQ(open_errno(drivers() / "i40e/bind", O_RDONLY), EACCES);
  EXPECT_EQ(open_errno(sys.root() / "bus/pci/drivers_probe", O_RDONLY), EACCES);
  EXPECT_EQ(open_errno(x710() / "sriov_numvfs", O_WRONLY | O_TRUNC), 0);  // `echo N >` works
  EXPECT_EQ(sys.kernel().write_count(), 0u);
}

TEST_F(FakeSysfsTest, InjectedFailureHitsExactlyTheNthWrite) {
  sys.kernel().fail_write(2, EIO);
  EXPECT_EQ(write_attr(x710() / "sriov_drivers_autoprobe", "0"), 0);
  auto before = sys.snapshot();
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "2"), EIO);
  EXPECT_EQ(snapshot_diff(before, sys.snapshot()), "");
  EXPECT_EQ(write_attr(x710() / "sriov_numvfs", "2"), 0);
  auto writes = sys.kernel().writes();
  ASSERT_EQ(writes.size(), 3u);
  EXPECT_EQ(writes[1].path, "/devices/pci0000:00/0000:3b:00.0/sriov_numvfs");
  EXPECT_EQ(writes[1].error, EIO);
  EXPECT_EQ(writes[2].error, 0);
}

TEST(FakeSysfsSharedGroup, VfsJoinTheirPfsGroup) {
  FakeSysfs sys("shared-group");
  fs::path pf = sys.root() / "bus/pci/devices/0000:3b:00.0";
  ASSERT_EQ(write_attr(pf / "sriov_numvfs", "1"), 0);
  EXPECT_EQ(fs::read_symlink(sys.root() / "bus/pci/devices/0000:3b:02.0/iommu_group"),
            "../../../kernel/iommu_groups/40");
  std::vector<std::string> members;
  for (const auto& entry : fs::directory_iterator(sys.root() / "kernel/iommu_groups/40/devices")) {
    members.push_back(entry.path().filename().string());
  }
  std::sort(members.begin(), members.end());
  EXPECT_EQ(members, (std::vector<std::string>{"0000:3b:00.0", "0000:3b:00.3", "0000:3b:02.0"}));
  ASSERT_EQ(write_attr(pf / "sriov_numvfs", "0"), 0);
  EXPECT_TRUE(fs::is_directory(sys.root() / "kernel/iommu_groups/40"));  // still has members
}

}  // namespace
}  // namespace nfv::sriov::testing
