// The host checks before a domain is defined (hugepages, socket directories) and the
// accelerator decided from what the host shows: pure, or on files of the test's own.
#include "nfv/guests/host_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "nfv/guests/accelerator_choice.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::guests {
namespace {

using nfv::testing::TestDir;
using ::testing::HasSubstr;

void write_count(const std::string& dir, const std::string& file, int count) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/" + file) << count << "\n";
}

DomainSpec hugepage_guest() {
  DomainSpec spec;
  spec.name = "vm1";
  spec.memory_mb = 1024;
  spec.backing = MemoryBacking::kHugepages;
  spec.hugepage_kb = 2048;
  spec.numa_node = 1;
  return spec;
}

TEST(HugepageCheckTest, NamesNodeSizeFreeNeededAndTheFix) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir sys, TestDir::create());
  std::string node1 = sys.path() + "/devices/system/node/node1/hugepages/hugepages-2048kB";
  write_count(node1, "free_hugepages", 100);
  write_count(node1, "nr_hugepages", 200);
  auto status = check_free_hugepages(hugepage_guest(), sys.path());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message,
            "guest vm1: needs 512 hugepages of 2048 kB on NUMA node 1 for 1024 MB, 100 free; "
            "reserve more: echo 612 > " +
                node1 + "/nr_hugepages");
}

TEST(HugepageCheckTest, EnoughFreePagesOnTheNodePass) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir sys, TestDir::create());
  write_count(sys.path() + "/devices/system/node/node1/hugepages/hugepages-2048kB",
              "free_hugepages", 512);
  NFV_EXPECT_OK(check_free_hugepages(hugepage_guest(), sys.path()));
}

TEST(HugepageCheckTest, WithoutANodeTheHostsPagesCount) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir sys, TestDir::create());
  write_count(sys.path() + "/kernel/mm/hugepages/hugepages-1048576kB", "free_hugepages", 0);
  DomainSpec spec = hugepage_guest();
  spec.numa_node.reset();
  spec.hugepage_kb = 1048576;
  auto status = check_free_hugepages(spec, sys.path());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.error().message, HasSubstr("needs 1 hugepages of 1048576 kB on the host"));
}

TEST(HugepageCheckTest, AnUnsupportedSizeSaysSo) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir sys, TestDir::create());
  auto status = check_free_hugepages(hugepage_guest(), sys.path());
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.error().message, HasSubstr("NUMA node 1 offers no hugepages of 2048 kB"));
}

TEST(HugepageCheckTest, MemfdNeedsNoHugepages) {
  DomainSpec spec = hugepage_guest();
  spec.backing = MemoryBacking::kMemfd;
  NFV_EXPECT_OK(check_free_hugepages(spec, "/nonexistent"));
}

TEST(SocketDirectoryTest, QemuWritesWhereItsUserOrGroupOrOthersMay) {
  QemuIdentity qemu{64055, 994};
  EXPECT_TRUE(qemu_can_create_in({64055, 0, S_IFDIR | 0755}, qemu));
  EXPECT_FALSE(qemu_can_create_in({64055, 0, S_IFDIR | 0555}, qemu));
  EXPECT_TRUE(qemu_can_create_in({0, 994, S_IFDIR | 0775}, qemu));
  EXPECT_FALSE(qemu_can_create_in({0, 994, S_IFDIR | 0755}, qemu));
  EXPECT_FALSE(qemu_can_create_in({0, 0, S_IFDIR | 0755}, qemu));
  EXPECT_TRUE(qemu_can_create_in({0, 0, S_IFDIR | 01777}, qemu));
  EXPECT_TRUE(qemu_can_create_in({0, 0, S_IFDIR | 0700}, QemuIdentity{0, 0}));
}

TEST(SocketDirectoryTest, ADirectoryQemuCannotWriteGivesTheChown) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  ::chmod(dir.path().c_str(), 0755);  // owned by root (the test), not writable by others
  DomainSpec spec;
  spec.name = "vm1";
  spec.vhost.push_back({"vm1-0", dir.file("vm1-0.sock"), true, 1, 1024, ""});
  spec.vhost.push_back({"vm1-1", "/nonexistent/vm1-1.sock", false, 1, 1024, ""});
  auto status = check_socket_directories(spec, QemuIdentity{64055, 994});
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.error().message,
              HasSubstr("guest vm1: QEMU (uid 64055, gid 994) cannot create port vm1-0's socket "
                        "in " +
                        dir.path()));
  EXPECT_THAT(status.error().message, HasSubstr("chown 64055:994 " + dir.path()));
  ::chown(dir.path().c_str(), 64055, 994);
  NFV_EXPECT_OK(check_socket_directories(spec, QemuIdentity{64055, 994}));  // vm1-1: the switch's
}

TEST(SocketDirectoryTest, AMissingDirectoryIsAnError) {
  DomainSpec spec;
  spec.name = "vm1";
  spec.vhost.push_back({"vm1-0", "/nonexistent/dir/vm1-0.sock", true, 1, 1024, ""});
  auto status = check_socket_directories(spec, QemuIdentity{64055, 994});
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.error().message,
              HasSubstr("/nonexistent/dir of port vm1-0's socket is missing"));
}

TEST(AcceleratorChoiceTest, KvmOnlyWithHardwareVirtualization) {
  std::string vmx = "processor\t: 0\nflags\t\t: fpu vme vmx sse\n";
  std::string none = "processor\t: 0\nflags\t\t: fpu vme sse hypervisor\n";
  EXPECT_EQ(accelerator_from_host("", vmx).accelerator, Accelerator::kKvm);
  EXPECT_EQ(accelerator_from_host("", "flags : svm").accelerator, Accelerator::kKvm);
  AcceleratorChoice software = accelerator_from_host("", none);
  EXPECT_EQ(software.accelerator, Accelerator::kTcg);
  EXPECT_THAT(software.reason, HasSubstr("no vmx or svm"));
  AcceleratorChoice missing = accelerator_from_host("/dev/kvm: No such file or directory", vmx);
  EXPECT_EQ(missing.accelerator, Accelerator::kTcg);
  EXPECT_EQ(missing.reason, "tcg: KVM unusable (/dev/kvm: No such file or directory)");
}

TEST(AcceleratorChoiceTest, ConfiguredOnesAreTakenAsGiven) {
  EXPECT_EQ(choose_accelerator("tcg")->accelerator, Accelerator::kTcg);
  EXPECT_EQ(choose_accelerator("kvm")->accelerator, Accelerator::kKvm);
  EXPECT_FALSE(choose_accelerator("fast").ok());
  EXPECT_EQ(domain_type(Accelerator::kTcg), "qemu");
  EXPECT_EQ(domain_type(Accelerator::kKvm), "kvm");
}

}  // namespace
}  // namespace nfv::guests
