// IRQ affinity from a procfs tree: numbered entries only, ascending by number (not by name),
// an entry without its list skipped, a garbled list named.
#include "nfv/host/irq_affinity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "procfs_tree.h"

namespace nfv::host {
namespace {

using testing::ProcfsTree;

TEST(IrqAffinity, EveryNumberedIrqAscending) {
  ProcfsTree tree;
  tree.irq(120, "0-1");
  tree.irq(9, "3");
  tree.write("irq/default_smp_affinity", "ff");
  tree.write("irq/77/spurious", "count 0");  // no smp_affinity_list: gone while we read
  auto irqs = read_irq_affinities(tree.procfs());
  ASSERT_TRUE(irqs) << irqs.error().message;
  ASSERT_EQ(irqs->size(), 2u);
  EXPECT_EQ((*irqs)[0].irq, 9u);
  EXPECT_EQ((*irqs)[0].cpus, (std::vector<uint32_t>{3}));
  EXPECT_EQ((*irqs)[1].irq, 120u);
  EXPECT_EQ((*irqs)[1].cpus, (std::vector<uint32_t>{0, 1}));
}

TEST(IrqAffinity, AGarbledListIsNamed) {
  ProcfsTree tree;
  tree.irq(5, "zero");
  auto irqs = read_irq_affinities(tree.procfs());
  ASSERT_FALSE(irqs);
  EXPECT_THAT(irqs.error().message, ::testing::HasSubstr("irq/5/smp_affinity_list"));
}

TEST(IrqAffinity, NoIrqDirectoryIsAnError) {
  ProcfsTree tree;
  tree.cmdline("quiet");
  EXPECT_FALSE(read_irq_affinities(tree.procfs()));
}

}  // namespace
}  // namespace nfv::host
