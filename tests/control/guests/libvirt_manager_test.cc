// LibvirtGuestManager against the machine's libvirtd (started by the test program when none
// answers): connection, accelerator, ownership, lifecycle events, removal, host checks.
#include "nfv/guests/libvirt_manager.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

#include "libvirt_test_env.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/wait.h"

namespace nfv::guests {
namespace {

using namespace std::chrono_literals;
using nfv::testing::TestDir;
using nfv::testing::wait_until;
using ::testing::HasSubstr;
using testing::test_domain_name;
using testing::test_domain_xml;
using testing::TestConnection;

class LibvirtManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
    dir_.emplace(std::move(dir));
    // QEMU runs as libvirt-qemu: it must reach the console files in the test directory.
    ::chmod(dir_->path().c_str(), 0755);
    settings_.accelerator = "tcg";
    settings_.console_dir = dir_->file("consoles");
    settings_.shutdown_timeout = 1s;  // SeaBIOS ignores ACPI: the destroy path, soon
  }
  void TearDown() override { connection_.remove_test_domains(); }

  std::unique_ptr<LibvirtGuestManager> connect() {
    auto manager = LibvirtGuestManager::connect(settings_);
    EXPECT_TRUE(manager.ok()) << manager.error().message;
    return manager ? std::move(manager).value() : nullptr;
  }

  // An appliance's domain defined and started by hand (not through create()).
  void start_owned(const std::string& name, const std::string& kernel = "",
                   const std::string& initrd = "") {
    std::string desired = fmt::format("{{\"name\":\"{}\"}}", name);
    NFV_ASSERT_OK(
        connection_.define(test_domain_xml({name, console(name), &desired, kernel, initrd}), true));
  }
  std::string console(const std::string& name) { return dir_->file(name + ".console.log"); }

  // Records the "state/reason" the manager reports for `name` (on the event thread).
  void record_changes(LibvirtGuestManager& manager, const std::string& name) {
    manager.on_change([this, name](const std::string& guest, const GuestRuntime& runtime) {
      std::lock_guard lock(heard_mutex_);
      if (guest == name) heard_.push_back(runtime.state + "/" + runtime.reason);
    });
  }
  std::vector<std::string> heard() {
    std::lock_guard lock(heard_mutex_);
    return heard_;
  }
  bool running(LibvirtGuestManager& manager, const std::string& name) {
    auto runtimes = manager.runtimes();
    return runtimes.count(name) != 0 && runtimes.at(name).state == "running";
  }

  // A small TCG guest on memfd without network: the tiny guest when it was built, else an
  // empty disk (SeaBIOS finds nothing to boot and loops), which runs all the same.
  reconcile::GuestState small_guest(const std::string& name, uint64_t memory_mb) {
    reconcile::GuestState guest;
    guest.name = name;
    guest.vcpus = 1;
    guest.memory_mb = memory_mb;
    guest.memfd = true;
    guest.boot.kernel = testing::guest_image_file("vmlinuz");
    guest.boot.initrd = testing::guest_image_file("initrd.img");
    if (!guest.boot.kernel.empty() && !guest.boot.initrd.empty()) {
      guest.boot.cmdline = "console=ttyS0 nfv.name=" + name;
      return guest;
    }
    guest.boot = {};
    guest.boot.disk = dir_->file("empty.raw");
    std::ofstream(guest.boot.disk).close();
    std::filesystem::resize_file(guest.boot.disk, 1 << 20);
    return guest;
  }

  std::optional<TestDir> dir_;
  LibvirtSettings settings_;
  TestConnection connection_;
  std::mutex heard_mutex_;
  std::vector<std::string> heard_;
};

TEST_F(LibvirtManagerTest, ConnectsAndSaysWhichAcceleratorAndWhy) {
  settings_.accelerator = "auto";
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  std::string expected = manager->accelerator() == Accelerator::kKvm ? "kvm: " : "tcg: ";
  EXPECT_THAT(manager->accelerator_reason(), ::testing::StartsWith(expected));
  EXPECT_GT(manager->accelerator_reason().size(), expected.size() + 10);
}

TEST_F(LibvirtManagerTest, AutoBootsTheProbeGuestWhenGivenOne) {
  settings_.accelerator = "auto";
  settings_.probe_kernel = testing::guest_image_file("vmlinuz");
  settings_.probe_initrd = testing::guest_image_file("initrd.img");
  settings_.probe_timeout = 10s;
  if (settings_.probe_kernel.empty() || settings_.probe_initrd.empty()) {
    GTEST_SKIP() << "no tiny guest image: scripts/guest-image builds it";
  }
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  std::string expected = manager->accelerator() == Accelerator::kKvm ? "kvm: " : "tcg: ";
  EXPECT_THAT(manager->accelerator_reason(), ::testing::StartsWith(expected));
  // The probe's own words: it booted, or why not (no /dev/kvm, no boot within the timeout).
  EXPECT_THAT(manager->accelerator_reason(),
              ::testing::AnyOf(HasSubstr("probe guest"), HasSubstr("/dev/kvm")));
}

TEST_F(LibvirtManagerTest, TakesTheConfiguredAccelerator) {
  settings_.accelerator = "kvm";
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  EXPECT_EQ(manager->accelerator(), Accelerator::kKvm);
  EXPECT_EQ(manager->accelerator_reason(), "kvm: as configured");
}

TEST_F(LibvirtManagerTest, AnUnknownAcceleratorIsAnError) {
  settings_.accelerator = "xen";
  auto manager = LibvirtGuestManager::connect(settings_);
  ASSERT_FALSE(manager.ok());
  EXPECT_THAT(manager.error().message, HasSubstr("accelerator 'xen'"));
}

TEST_F(LibvirtManagerTest, NoLibvirtdAtTheUriSaysHowToStartIt) {
  settings_.uri = "qemu+unix:///system?socket=" + dir_->file("no-libvirtd.sock");
  auto manager = LibvirtGuestManager::connect(settings_);
  ASSERT_FALSE(manager.ok());
  EXPECT_THAT(manager.error().message, HasSubstr("libvirtd does not answer at qemu+unix"));
  EXPECT_THAT(manager.error().message, HasSubstr("virtlogd -d && libvirtd -d"));
  EXPECT_THAT(manager.error().message, HasSubstr("no-libvirtd.sock"));  // libvirt's own words
}

TEST_F(LibvirtManagerTest, CreatesListsAndRemovesAGuest) {
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  std::string name = test_domain_name("a");
  record_changes(*manager, name);
  reconcile::GuestState guest = small_guest(name, 128);
  NFV_ASSERT_OK(manager->create(guest));
  EXPECT_TRUE(wait_until([&] { return running(*manager, name); }, 10s,
                         "the started event shows the guest running"));
  NFV_ASSERT_OK_AND_ASSIGN(auto guests, manager->list());
  ASSERT_EQ(guests.count(name), 1u);
  EXPECT_EQ(guests.at(name), guest);  // the desired state, back from the domain's metadata

  NFV_ASSERT_OK(manager->remove(name));
  EXPECT_FALSE(connection_.exists(name));
  NFV_ASSERT_OK_AND_ASSIGN(auto after, manager->list());
  EXPECT_EQ(after.count(name), 0u);
  EXPECT_THAT(heard(), ::testing::Contains("running/booted"));
}

TEST_F(LibvirtManagerTest, ChangeRestartsTheGuestWithItsNewState) {
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  std::string name = test_domain_name("b");
  reconcile::GuestState before = small_guest(name, 128);
  reconcile::GuestState after = small_guest(name, 192);
  NFV_ASSERT_OK(manager->create(before));
  NFV_ASSERT_OK(manager->change(before, after));
  NFV_ASSERT_OK_AND_ASSIGN(auto guests, manager->list());
  ASSERT_EQ(guests.count(name), 1u);
  EXPECT_EQ(guests.at(name), after);
  EXPECT_TRUE(wait_until([&] { return running(*manager, name); }, 10s, "the guest runs again"));
  NFV_EXPECT_OK(manager->remove(name));
}

TEST_F(LibvirtManagerTest, CreatingAnExistingGuestOfTheApplianceReplacesIt) {
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  std::string name = test_domain_name("c");
  start_owned(name);
  reconcile::GuestState guest = small_guest(name, 128);
  NFV_ASSERT_OK(manager->create(guest));
  NFV_ASSERT_OK_AND_ASSIGN(auto guests, manager->list());
  ASSERT_EQ(guests.count(name), 1u);
  EXPECT_EQ(guests.at(name), guest);
  NFV_EXPECT_OK(manager->remove(name));
}

TEST_F(LibvirtManagerTest, AGuestThatCannotStartIsRolledBackWithLibvirtsWords) {
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  reconcile::GuestState guest = small_guest(test_domain_name("broken"), 128);
  guest.boot.kernel = dir_->file("no-such-kernel");
  guest.boot.initrd = dir_->file("no-such-initrd");
  auto created = manager->create(guest);
  ASSERT_FALSE(created.ok());
  EXPECT_THAT(created.error().message, HasSubstr("guest " + guest.name + ": failed to start: "));
  EXPECT_THAT(created.error().message, HasSubstr("no-such-kernel"));
  EXPECT_FALSE(connection_.exists(guest.name));
}

TEST_F(LibvirtManagerTest, FollowsListsAndRemovesAnOwnedDomain) {
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  std::string name = test_domain_name("owned");
  record_changes(*manager, name);
  start_owned(name);
  ASSERT_TRUE(wait_until([&] { return running(*manager, name); }, 10s,
                         "the started event shows the guest running"));
  NFV_ASSERT_OK_AND_ASSIGN(auto guests, manager->list());
  EXPECT_EQ(guests.count(name), 1u);
  EXPECT_EQ(guests[name].name, name);

  NFV_ASSERT_OK(manager->remove(name));  // ACPI ignored: destroyed after the timeout
  EXPECT_FALSE(connection_.exists(name));
  ASSERT_TRUE(wait_until([&] { return manager->runtimes().count(name) == 0; }, 10s,
                         "the undefined event drops the guest"));
  NFV_ASSERT_OK_AND_ASSIGN(auto after, manager->list());
  EXPECT_EQ(after.count(name), 0u);
  EXPECT_THAT(heard(), ::testing::IsSupersetOf({"running/booted", "shut off/destroyed"}));
}

TEST_F(LibvirtManagerTest, AGuestThatHandlesAcpiShutsDownWithoutBeingDestroyed) {
  std::string kernel = testing::guest_image_file("vmlinuz");
  std::string initrd = testing::guest_image_file("initrd.img");
  if (kernel.empty() || initrd.empty()) {
    GTEST_SKIP() << "no tiny guest image: scripts/guest-image builds it";
  }
  settings_.shutdown_timeout = 60s;
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  std::string name = test_domain_name("acpi");
  record_changes(*manager, name);
  start_owned(name, kernel, initrd);
  ASSERT_TRUE(wait_until([&] { return testing::file_contains(console(name), "nfv-guest: up"); },
                         90s, "the tiny guest is up (its console says so)", 100ms));
  NFV_ASSERT_OK(manager->remove(name));
  EXPECT_FALSE(connection_.exists(name));
  EXPECT_TRUE(wait_until([&] { return manager->runtimes().count(name) == 0; }, 10s,
                         "the undefined event drops the guest"));
  EXPECT_THAT(heard(), ::testing::Contains("shut off/shutdown"));
  EXPECT_THAT(heard(), ::testing::Not(::testing::Contains("shut off/destroyed")));
}

TEST_F(LibvirtManagerTest, RemovingAMissingGuestSucceeds) {
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  NFV_EXPECT_OK(manager->remove(test_domain_name("never-defined")));
}

TEST_F(LibvirtManagerTest, AForeignDomainIsNeitherListedNorTouched) {
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  std::string name = test_domain_name("foreign");
  NFV_ASSERT_OK(connection_.define(test_domain_xml({name, console(name)}), false));
  std::string before = connection_.xml_of(name);

  NFV_ASSERT_OK_AND_ASSIGN(auto guests, manager->list());
  EXPECT_EQ(guests.count(name), 0u);
  reconcile::GuestState guest;
  guest.name = name;
  auto created = manager->create(guest);
  ASSERT_FALSE(created.ok());
  EXPECT_THAT(created.error().message,
              HasSubstr(fmt::format("guest {}: a libvirt domain named {} exists and is not the "
                                    "appliance's; rename the guest or remove that domain "
                                    "(virsh undefine {})",
                                    name, name, name)));
  auto removed = manager->remove(name);
  ASSERT_FALSE(removed.ok());
  EXPECT_THAT(removed.error().message, HasSubstr("is not the appliance's"));
  EXPECT_EQ(connection_.xml_of(name), before);
  EXPECT_EQ(manager->runtimes().count(name), 0u);
}

// A fake sysfs with `free` free 2 MB pages, on node 0 and on the host.
void write_fake_hugepages(const std::string& root, int free) {
  for (std::string dir : {root + "/devices/system/node/node0/hugepages/hugepages-2048kB",
                          root + "/kernel/mm/hugepages/hugepages-2048kB"}) {
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/free_hugepages") << free << "\n";
    std::ofstream(dir + "/nr_hugepages") << free << "\n";
  }
}

TEST_F(LibvirtManagerTest, TooFewFreeHugepagesFailBeforeDefine) {
  settings_.sysfs_root = dir_->file("sys");
  write_fake_hugepages(settings_.sysfs_root, 3);
  auto manager = connect();
  ASSERT_NE(manager, nullptr);
  reconcile::GuestState guest;
  guest.name = test_domain_name("hugepages");
  guest.memory_mb = 1024;
  guest.hugepage_size = 2 << 20;
  guest.numa = 0;
  guest.boot.disk = dir_->file("never-read.raw");  // the check comes before anything is read
  auto created = manager->create(guest);
  ASSERT_FALSE(created.ok());
  EXPECT_THAT(created.error().message, HasSubstr("guest " + guest.name + ": needs 512 hugepages"));
  EXPECT_THAT(created.error().message, HasSubstr("of 2048 kB"));
  EXPECT_THAT(created.error().message, HasSubstr("3 free"));
  EXPECT_THAT(created.error().message, HasSubstr("nr_hugepages"));
  EXPECT_FALSE(connection_.exists(guest.name));
}

}  // namespace
}  // namespace nfv::guests
