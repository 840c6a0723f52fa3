// The pre-flight's policy on host facts read from a fake sysfs: enough free hugepages on the
// nodes the switch runs on, the fix named when there are not, node 0 for a CPU sysfs places
// nowhere. The reading itself is tested in tests/host.
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
  // A pool as the kernel shows it: every page reserved, `free` of them free.
  void pool(const std::string& dir, uint64_t reserved, uint64_t free) {
    write(dir + "/nr_hugepages", std::to_string(reserved) + "\n");
    write(dir + "/free_hugepages", std::to_string(free) + "\n");
  }
  std::vector<host::NodeHugepages> read() {
    auto hugepages = host::read_hugepages(host::Sysfs(root));
    EXPECT_TRUE(hugepages) << hugepages.error().message;
    return hugepages ? *hugepages : std::vector<host::NodeHugepages>{};
  }
  fs::path root;
};

TEST_F(FakeSysfs, PerNodeHugepagesAndTheFix) {
  pool("devices/system/node/node0/hugepages/hugepages-2048kB", 512, 512);
  pool("devices/system/node/node1/hugepages/hugepages-2048kB", 10, 10);
  pool("devices/system/node/node1/hugepages/hugepages-1048576kB", 0, 0);
  auto pools = read();
  host::Sysfs sysfs(root);
  EXPECT_TRUE(check_hugepages(pools, {0}, 1024, sysfs));
  auto short_node = check_hugepages(pools, {0, 1}, 1024, sysfs);
  ASSERT_FALSE(short_node);
  EXPECT_EQ(short_node.error().message,
            "not enough free hugepages on NUMA node 1: 20 MB free, --memory needs 1024 MB; "
            "reserve them (echo 512 > " +
                root.string() +
                "/devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages, or "
                "scripts/setup --hugepages 512), lower --memory, or run with --no-huge");
}

TEST_F(FakeSysfs, SystemWideCountersWithoutNodes) {
  pool("kernel/mm/hugepages/hugepages-2048kB", 0, 0);
  auto pools = read();
  ASSERT_EQ(pools.size(), 1u);
  EXPECT_EQ(pools[0].node, std::nullopt);
  auto none = check_hugepages(pools, {0}, 64, host::Sysfs(root));
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("/proc/sys/vm/nr_hugepages"), std::string::npos);
}

TEST_F(FakeSysfs, CpuNode) {
  write("devices/system/cpu/cpu5/node1/x", "");
  EXPECT_EQ(numa_nodes_of_cpus(host::Sysfs(root), {5}), std::vector<int>{1});
  EXPECT_EQ(numa_nodes_of_cpus(host::Sysfs(root), {6}), std::vector<int>{0})
      << "no information: node 0";
  EXPECT_EQ(numa_nodes_of_cpus(host::Sysfs(root), {5, 6, 5}), (std::vector<int>{0, 1}))
      << "each node once, ascending";
}

TEST_F(FakeSysfs, SocketDirectory) {
  write("mounts", "proc /proc proc rw 0 0\n");
  EXPECT_TRUE(check_socket_directory((root / "mounts").string(), "x"));
  auto missing = check_socket_directory("/nonexistent/dir/s.sock", "port vm1");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "port vm1: socket directory /nonexistent/dir does not exist; create it (mkdir -p "
            "/nonexistent/dir) or choose another path");
}

}  // namespace
}  // namespace nfv::dp
