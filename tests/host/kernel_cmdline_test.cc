// The kernel command line: parameters in order up to "--", the hugepage sizes reserved at boot
// (hugepages= after its hugepagesz=, or the default size), and isolcpus without its flags.
#include "nfv/host/kernel_cmdline.h"

#include <gtest/gtest.h>

namespace nfv::host {
namespace {

constexpr uint64_t k2M = 2ULL << 20;
constexpr uint64_t k1G = 1ULL << 30;

TEST(KernelCmdline, ParametersInOrderUntilInitsArguments) {
  KernelCmdline cmdline =
      parse_kernel_cmdline("BOOT_IMAGE=/vmlinuz quiet iommu=pt iommu=off -- --iommu=pt\n");
  ASSERT_EQ(cmdline.params.size(), 4u);
  EXPECT_TRUE(cmdline.has("quiet"));
  EXPECT_EQ(cmdline.value("quiet"), "");
  EXPECT_EQ(cmdline.value("iommu"), "off") << "the last occurrence is the one the kernel keeps";
  EXPECT_EQ(cmdline.value("--iommu"), std::nullopt) << "init's arguments are not the kernel's";
}

TEST(KernelCmdline, SizesInTheKernelsSpelling) {
  EXPECT_EQ(parse_kernel_size("2M"), k2M);
  EXPECT_EQ(parse_kernel_size("1G"), k1G);
  EXPECT_EQ(parse_kernel_size("2048k"), k2M);
  EXPECT_EQ(parse_kernel_size("huge"), std::nullopt);
  EXPECT_EQ(parse_kernel_size(""), std::nullopt);
}

TEST(KernelCmdline, BootHugepagesFollowTheirSize) {
  auto sizes = [](const char* text) {
    return boot_hugepage_sizes(parse_kernel_cmdline(text), k2M);
  };
  EXPECT_EQ(sizes("hugepagesz=1G hugepages=16 hugepagesz=2M hugepages=1024"),
            (std::vector<uint64_t>{k2M, k1G}));
  EXPECT_EQ(sizes("hugepages=512"), (std::vector<uint64_t>{k2M})) << "the default size";
  EXPECT_EQ(sizes("default_hugepagesz=1G hugepages=8"), (std::vector<uint64_t>{k1G}));
  EXPECT_EQ(sizes("hugepagesz=1G hugepages=0:4,1:4"), (std::vector<uint64_t>{k1G}));
  EXPECT_EQ(sizes("hugepagesz=1G hugepages=0"), (std::vector<uint64_t>{})) << "none reserved";
  EXPECT_EQ(sizes("hugepagesz=1G default_hugepagesz=1G quiet"), (std::vector<uint64_t>{}))
      << "a size alone reserves nothing";
}

TEST(KernelCmdline, IsolcpusWithoutItsFlags) {
  auto cpus = isolcpus_of(parse_kernel_cmdline("isolcpus=domain,managed_irq,2-4,8 quiet"));
  ASSERT_TRUE(cpus) << cpus.error().message;
  EXPECT_EQ(*cpus, (std::vector<uint32_t>{2, 3, 4, 8}));
  auto none = isolcpus_of(parse_kernel_cmdline("quiet"));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(isolcpus_of(parse_kernel_cmdline("isolcpus=3-1")));
}

}  // namespace
}  // namespace nfv::host
