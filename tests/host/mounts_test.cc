// Mounted filesystems from a /proc/mounts-format file the test writes.
#include "nfv/host/mounts.h"

#include <gtest/gtest.h>

#include "sysfs_tree.h"

namespace nfv::host {
namespace {

using testing::SysfsTree;

TEST(Mounts, HugetlbfsMounted) {
  SysfsTree dir;
  dir.write("mounts", "proc /proc proc rw 0 0\nnodev /dev/hugepages hugetlbfs rw 0 0");
  EXPECT_TRUE(hugetlbfs_mounted(dir.root() / "mounts"));
  dir.write("mounts2", "proc /proc proc rw 0 0");
  EXPECT_FALSE(hugetlbfs_mounted(dir.root() / "mounts2"));
  EXPECT_FALSE(hugetlbfs_mounted(dir.root() / "no-such-file"));
}

TEST(Mounts, ParsesTheFirstThreeFields) {
  auto mounts = parse_mounts(
      "sysfs /sys sysfs rw,nosuid 0 0\n"
      "\n"
      "short line\n"
      "nodev /mnt/huge-1G hugetlbfs rw,pagesize=1024M 0 0\n");
  ASSERT_EQ(mounts.size(), 2u);
  EXPECT_EQ(mounts[0].device, "sysfs");
  EXPECT_EQ(mounts[0].mountpoint, "/sys");
  EXPECT_EQ(mounts[0].type, "sysfs");
  EXPECT_EQ(mounts[1].mountpoint, "/mnt/huge-1G");
  EXPECT_EQ(mounts[1].type, "hugetlbfs");
}

}  // namespace
}  // namespace nfv::host
