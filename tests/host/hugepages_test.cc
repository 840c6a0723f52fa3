// Hugepage pools from a sysfs tree built by the test: per node with free counts, ascending page
// size, system-wide on a kernel without NUMA, and errors that name the file.
#include "nfv/host/hugepages.h"

#include <gtest/gtest.h>

#include "sysfs_tree.h"

namespace nfv::host {
namespace {

using testing::SysfsTree;

TEST(Hugepages, PerNodeAscending) {
  SysfsTree tree;
  tree.hugepages(1, 1048576, 4, 3);
  tree.hugepages(1, 2048, 512, 100);
  auto pools = read_node_hugepages(tree.sysfs(), 1);
  ASSERT_TRUE(pools) << pools.error().message;
  ASSERT_EQ(pools->size(), 2u);
  EXPECT_EQ((*pools)[0].page_size, 2u << 20);
  EXPECT_EQ((*pools)[0].total, 512u);
  EXPECT_EQ((*pools)[0].free, 100u);
  EXPECT_EQ((*pools)[1].page_size, 1u << 30);
  EXPECT_EQ((*pools)[1].total, 4u);
  EXPECT_EQ((*pools)[1].free, 3u);
}

TEST(Hugepages, MissingNodeIsNamed) {
  SysfsTree tree;
  auto pools = read_node_hugepages(tree.sysfs(), 3);
  ASSERT_FALSE(pools);
  EXPECT_EQ(pools.error().message,
            "NUMA node 3: " + (tree.root() / "devices/system/node/node3/hugepages").string() +
                " missing (kernel without NUMA or hugetlb support?)");
}

TEST(Hugepages, GarbageCountIsAnError) {
  SysfsTree tree;
  tree.write("devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages", "many");
  auto pools = read_node_hugepages(tree.sysfs(), 0);
  ASSERT_FALSE(pools);
  EXPECT_NE(pools.error().message.find("'many' is not a number"), std::string::npos);
  auto all = read_hugepages(tree.sysfs());
  ASSERT_FALSE(all);
  EXPECT_NE(all.error().message.find("node0/hugepages/hugepages-2048kB/nr_hugepages"),
            std::string::npos)
      << all.error().message;
}

TEST(Hugepages, EveryNodeWithItsPools) {
  SysfsTree tree;
  tree.hugepages(0, 2048, 512, 512);
  tree.hugepages(1, 2048, 10, 10);
  tree.hugepages(1, 1048576, 0, 0);
  auto hugepages = read_hugepages(tree.sysfs());
  ASSERT_TRUE(hugepages) << hugepages.error().message;
  ASSERT_EQ(hugepages->size(), 2u);
  EXPECT_EQ((*hugepages)[0].node, 0u);
  EXPECT_EQ((*hugepages)[0].pools.size(), 1u);
  EXPECT_EQ((*hugepages)[1].node, 1u);
  EXPECT_EQ((*hugepages)[1].pools.size(), 2u);  // three pools in all
}

TEST(Hugepages, SystemWideCountersWithoutNodes) {
  SysfsTree tree;
  tree.write("kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", "0");
  tree.write("kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "0");
  auto hugepages = read_hugepages(tree.sysfs());
  ASSERT_TRUE(hugepages) << hugepages.error().message;
  ASSERT_EQ(hugepages->size(), 1u);
  EXPECT_EQ((*hugepages)[0].node, std::nullopt);
  ASSERT_EQ((*hugepages)[0].pools.size(), 1u);
  EXPECT_EQ((*hugepages)[0].pools[0].page_size, 2u << 20);
}

TEST(Hugepages, TwoSizesOnTwoNodes) {
  SysfsTree tree;
  tree.hugepages(0, 2048, 1024, 1000);
  tree.hugepages(0, 1048576, 2, 1);
  tree.hugepages(1, 1048576, 8, 8);
  tree.hugepages(1, 2048, 0, 0);
  tree.write("devices/system/node/online", "0-1");                          // not a node: skipped
  tree.write("kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", "1024");  // per node wins
  auto hugepages = read_hugepages(tree.sysfs());
  ASSERT_TRUE(hugepages) << hugepages.error().message;
  ASSERT_EQ(hugepages->size(), 2u);
  for (const NodeHugepages& node : *hugepages) {
    ASSERT_EQ(node.pools.size(), 2u) << "node " << *node.node;
    EXPECT_EQ(node.pools[0].page_size, 2u << 20);
    EXPECT_EQ(node.pools[1].page_size, 1u << 30);
  }
  EXPECT_EQ((*hugepages)[0].pools[0].total, 1024u);
  EXPECT_EQ((*hugepages)[0].pools[0].free, 1000u);
  EXPECT_EQ((*hugepages)[0].pools[1].free, 1u);
  EXPECT_EQ((*hugepages)[1].pools[0].total, 0u);
  EXPECT_EQ((*hugepages)[1].pools[1].total, 8u);
}

TEST(Hugepages, UnreadableFreeCountIsUnknown) {
  SysfsTree tree;
  tree.write("devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages", "16");
  auto pools = read_node_hugepages(tree.sysfs(), 0);
  ASSERT_TRUE(pools) << pools.error().message;
  ASSERT_EQ(pools->size(), 1u);
  EXPECT_EQ((*pools)[0].total, 16u);
  EXPECT_EQ((*pools)[0].free, std::nullopt);
}

TEST(Hugepages, NodesWithoutPoolsFallBackToTheSystemWideOnes) {
  SysfsTree tree;
  tree.write("devices/system/node/node0/cpulist", "0-1");
  tree.write("devices/system/node/node0/hugepages/README", "not a pool");
  tree.write("kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", "64");
  tree.write("kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "60");
  auto hugepages = read_hugepages(tree.sysfs());
  ASSERT_TRUE(hugepages) << hugepages.error().message;
  ASSERT_EQ(hugepages->size(), 1u);
  EXPECT_EQ((*hugepages)[0].node, std::nullopt);
  ASSERT_EQ((*hugepages)[0].pools.size(), 1u);
  EXPECT_EQ((*hugepages)[0].pools[0].free, 60u);
}

TEST(Hugepages, NoHugetlbAtAll) {
  SysfsTree tree;
  auto hugepages = read_hugepages(tree.sysfs());
  ASSERT_TRUE(hugepages) << hugepages.error().message;
  ASSERT_EQ(hugepages->size(), 1u);
  EXPECT_EQ((*hugepages)[0].node, std::nullopt);
  EXPECT_TRUE((*hugepages)[0].pools.empty());
}

TEST(HugepageDirName, PageSizeInBytes) {
  EXPECT_EQ(parse_hugepage_dir_name("hugepages-2048kB"), 2u << 20);
  EXPECT_EQ(parse_hugepage_dir_name("hugepages-1048576kB"), 1u << 30);
  EXPECT_EQ(parse_hugepage_dir_name("hugepages-64kB"), 64u << 10);
  EXPECT_EQ(parse_hugepage_dir_name("hugepages-kB"), std::nullopt);
  EXPECT_EQ(parse_hugepage_dir_name("hugepages-0kB"), std::nullopt);
  EXPECT_EQ(parse_hugepage_dir_name("hugepages-2048MB"), std::nullopt);
  EXPECT_EQ(parse_hugepage_dir_name("hugepages-2Mx"), std::nullopt);
  EXPECT_EQ(parse_hugepage_dir_name("nr_hugepages"), std::nullopt);
}

}  // namespace
}  // namespace nfv::host
