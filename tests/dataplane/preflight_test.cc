#include "nfv/dataplane/preflight.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace nfv::dp {
namespace {

namespace fs = std::filesystem;

class FakeSysfs : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("nfv-preflight-" + std::to_string(getpid()));
    fs::remove_all(root);
  }
  void TearDown() override { fs::remove_all(root); }
  void write(const std::string& path, const std::string& text) {
    fs::create_directories((root / path).parent_path());
    std::ofstream(root / path) << text;
  }
  fs::path root;
};

TEST_F(FakeSysfs, PerNodeHugepagesAndTheFix) {
  write("devices/system/node/node0/hugepages/hugepages-2048kB/free_hugepages", "512\n");
  write("devices/system/node/node1/hugepages/hugepages-2048kB/free_hugepages", "10\n");
  write("devices/system/node/node1/hugepages/hugepages-1048576kB/free_hugepages", "0\n");
  auto pools = read_hugepage_pools(root);
  EXPECT_EQ(pools.size(), 3u);
  EXPECT_TRUE(check_hugepages(pools, {0}, 1024, root));
  auto short_node = check_hugepages(pools, {0, 1}, 1024, root);
  ASSERT_FALSE(short_node);
  EXPECT_EQ(short_node.error().message,
            "not enough free hugepages on NUMA node 1: 20 MB free, --memory needs 1024 MB; "
            "reserve them (echo 512 > " + root.string() +
                "/devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages, or "
                "scripts/setup --hugepages 512), lower --memory, or run with --no-huge");
}

TEST_F(FakeSysfs, SystemWideCountersWithoutNodes) {
  write("kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "0\n");
  auto pools = read_hugepage_pools(root);
  ASSERT_EQ(pools.size(), 1u);
  EXPECT_EQ(pools[0].node, -1);
  auto none = check_hugepages(pools, {0}, 64, root);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("/proc/sys/vm/nr_hugepages"), std::string::npos);
}

TEST_F(FakeSysfs, CpuNode) {
  write("devices/system/cpu/cpu5/node1/x", "");
  EXPECT_EQ(numa_node_of_cpu(root, 5), 1);
  EXPECT_EQ(numa_node_of_cpu(root, 6), 0) << "no information: node 0";
}

TEST_F(FakeSysfs, MountsAndSocketDirectory) {
  write("mounts", "proc /proc proc rw 0 0\nnodev /dev/hugepages hugetlbfs rw 0 0\n");
  EXPECT_TRUE(hugetlbfs_mounted(root / "mounts"));
  write("mounts2", "proc /proc proc rw 0 0\n");
  EXPECT_FALSE(hugetlbfs_mounted(root / "mounts2"));
  EXPECT_TRUE(check_socket_directory((root / "mounts").string(), "x"));
  auto missing = check_socket_directory("/nonexistent/dir/s.sock", "port vm1");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "port vm1: socket directory /nonexistent/dir does not exist; create it (mkdir -p "
            "/nonexistent/dir) or choose another path");
}

}  // namespace
}  // namespace nfv::dp
