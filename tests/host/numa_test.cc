// NUMA nodes with their CPUs, and the node of a CPU, from a sysfs tree built by the test; the
// kernel's cpulist format parsed on its own.
#include "nfv/host/numa.h"

#include <gtest/gtest.h>

#include "nfv/host/cpulist.h"
#include "sysfs_tree.h"

namespace nfv::host {
namespace {

using testing::SysfsTree;
using Cpus = std::vector<uint32_t>;

TEST(Numa, CpuNode) {
  SysfsTree tree;
  tree.write("devices/system/cpu/cpu5/node1/x", "");
  EXPECT_EQ(numa_node_of_cpu(tree.sysfs(), 5), 1u);
  EXPECT_EQ(numa_node_of_cpu(tree.sysfs(), 6), std::nullopt) << "no information";
}

TEST(Numa, CpuNodeThroughTheKernelsLink) {
  SysfsTree tree;
  tree.write("devices/system/node/node3/cpulist", "12-15");
  tree.write("devices/system/cpu/cpu13/online", "1");
  tree.link("devices/system/cpu/cpu13/node3", "../../node/node3");
  EXPECT_EQ(numa_node_of_cpu(tree.sysfs(), 13), 3u);
}

TEST(Numa, NodesWithTheirCpus) {
  SysfsTree tree;
  tree.write("devices/system/node/node0/cpulist", "0-3,8-11");
  tree.write("devices/system/node/node1/cpulist", "4-7,12-15");
  tree.write("devices/system/node/node2/cpulist", "");  // memory only (CXL, HBM)
  tree.write("devices/system/node/online", "0-2");
  tree.write("devices/system/node/has_cpu", "0-1");
  auto nodes = read_numa_nodes(tree.sysfs());
  ASSERT_TRUE(nodes) << nodes.error().message;
  ASSERT_EQ(nodes->size(), 3u);
  EXPECT_EQ((*nodes)[0].id, 0u);
  EXPECT_EQ((*nodes)[0].cpus, (Cpus{0, 1, 2, 3, 8, 9, 10, 11}));
  EXPECT_EQ((*nodes)[1].id, 1u);
  EXPECT_EQ((*nodes)[1].cpus, (Cpus{4, 5, 6, 7, 12, 13, 14, 15}));
  EXPECT_EQ((*nodes)[2].id, 2u);
  EXPECT_TRUE((*nodes)[2].cpus.empty());
}

TEST(Numa, NodeIdsInNumericOrder) {
  SysfsTree tree;
  for (int node : {10, 2, 0}) {
    tree.write("devices/system/node/node" + std::to_string(node) + "/cpulist", "");
  }
  auto ids = read_numa_node_ids(tree.sysfs());
  ASSERT_TRUE(ids) << ids.error().message;
  EXPECT_EQ(*ids, (Cpus{0, 2, 10}));
}

TEST(Numa, KernelWithoutNuma) {
  SysfsTree tree;
  auto nodes = read_numa_nodes(tree.sysfs());
  ASSERT_TRUE(nodes) << nodes.error().message;
  EXPECT_TRUE(nodes->empty());
}

TEST(Numa, BadCpulistNamesItsFile) {
  SysfsTree tree;
  tree.write("devices/system/node/node0/cpulist", "0-x");
  auto nodes = read_numa_nodes(tree.sysfs());
  ASSERT_FALSE(nodes);
  EXPECT_EQ(nodes.error().message,
            (tree.root() / "devices/system/node/node0/cpulist").string() + ": 'x' is not a number");
}

TEST(Cpulist, RangesAndSingles) {
  EXPECT_EQ(*parse_cpulist("0-2,5,7-8", "cpulist"), (Cpus{0, 1, 2, 5, 7, 8}));
  EXPECT_EQ(*parse_cpulist("3", "cpulist"), (Cpus{3}));
  EXPECT_EQ(*parse_cpulist("8-9,0-1\n", "cpulist"), (Cpus{0, 1, 8, 9}));
  EXPECT_TRUE(parse_cpulist("", "cpulist")->empty());
  EXPECT_TRUE(parse_cpulist("\n", "cpulist")->empty());
  EXPECT_EQ(parse_cpulist("3-1", "node0 cpulist").error().message,
            "node0 cpulist: range '3-1' is reversed");
  EXPECT_FALSE(parse_cpulist("0-99999999", "cpulist"));
}

}  // namespace
}  // namespace nfv::host
