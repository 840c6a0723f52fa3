// libvirtd restarted under a connected LibvirtGuestManager: the next call reconnects, the
// guests (which keep running) are listed again and their events followed again. Runs alone:
// it restarts the machine's libvirtd.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "libvirt_test_env.h"
#include "nfv/guests/libvirt_manager.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/wait.h"

namespace nfv::guests {
namespace {

using namespace std::chrono_literals;
using nfv::testing::TestDir;
using nfv::testing::wait_until;
using testing::TestConnection;

std::string state_of(LibvirtGuestManager& manager, const std::string& name) {
  auto runtimes = manager.runtimes();
  auto found = runtimes.find(name);
  return found == runtimes.end() ? "" : found->second.state;
}

TEST(LibvirtReconnectTest, ListsAndFollowsGuestsAgainAfterLibvirtdRestarts) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  ::chmod(dir.path().c_str(), 0755);
  TestConnection connection;
  struct Cleanup {
    TestConnection& connection;
    ~Cleanup() { connection.remove_test_domains(); }
  } cleanup{connection};
  LibvirtSettings settings;
  settings.accelerator = "tcg";
  settings.console_dir = dir.path();
  NFV_ASSERT_OK_AND_ASSIGN(auto manager, LibvirtGuestManager::connect(settings));
  std::string name = testing::test_domain_name("reconnect");
  std::string desired = fmt::format("{{\"name\":\"{}\"}}", name);
  NFV_ASSERT_OK(
      connection.define(testing::test_domain_xml({name, dir.file("console.log"), &desired}), true));
  ASSERT_TRUE(wait_until([&] { return state_of(*manager, name) == "running"; }, 10s,
                         "the guest is followed as running"));

  NFV_ASSERT_OK(testing::restart_libvirtd());
  NFV_ASSERT_OK_AND_ASSIGN(auto guests, manager->list());  // reconnects
  EXPECT_EQ(guests.count(name), 1u);
  EXPECT_EQ(state_of(*manager, name), "running");  // read again at the reconnection

  NFV_ASSERT_OK(connection.destroy(name));
  EXPECT_TRUE(wait_until([&] { return state_of(*manager, name) == "shut off"; }, 10s,
                         "the stopped event after the restart is followed"));
  NFV_EXPECT_OK(manager->remove(name));
  EXPECT_FALSE(connection.exists(name));
}

}  // namespace
}  // namespace nfv::guests
