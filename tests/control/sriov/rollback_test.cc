// A failure injected at every mutating step of every operation, each followed by a rollback that
// leaves the sysfs tree byte-identical (paths, contents, link targets) and the allocation file
// unchanged.
#include <gtest/gtest.h>
#include <linux/if_link.h>

#include <cerrno>
#include <fstream>
#include <functional>
#include <sstream>

#include "host_fixture.h"
#include "nfv/sriov/pci.h"

namespace nfv::sriov::testing {
namespace {

namespace fs = std::filesystem;

std::string file_content(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

using Step = std::function<Status(HostFixture&, VfManager&)>;

template <typename T>
Status as_status(const Result<T>& result) {
  if (result) return {};
  return result.error();
}

// Runs `operation` once to count its kernel writes, then once per write with that write failing
// (EIO): each run must fail, say it rolled back, and leave tree and allocation file as they were.
void expect_rollback_at_every_write(const std::string& profile, const Step& prepare,
                                    const Step& operation, size_t expected_writes) {
  size_t writes = 0;
  {
    HostFixture host(profile);
    VfManager manager = host.manager();
    ASSERT_TRUE(prepare(host, manager));
    size_t start = host.sys.kernel().write_count();
    Status done = operation(host, manager);
    ASSERT_TRUE(done) << done.error().message;
    writes = host.sys.kernel().write_count() - start;
    ASSERT_EQ(writes, expected_writes) << ::testing::PrintToString(host.writes(start));
  }
  for (size_t nth = 1; nth <= writes; ++nth) {
    SCOPED_TRACE("failing write " + std::to_string(nth) + " of " + std::to_string(writes));
    HostFixture host(profile);
    VfManager manager = host.manager();
    ASSERT_TRUE(prepare(host, manager));
    auto before = host.sys.snapshot();
    std::string state_before = file_content(host.state_path());
    host.sys.kernel().fail_write(static_cast<unsigned>(nth), EIO);
    Status done = operation(host, manager);
    ASSERT_FALSE(done);
    EXPECT_NE(done.error().message.find("Input/output error"), std::string::npos)
        << done.error().message;
    // Every write before the failing one was a step with an inverse.
    if (nth > 1) {
      std::string rolled_back =
          fmt::format("(rolled back {} step{})", nth - 1, nth == 2 ? "" : "s");
      EXPECT_NE(done.error().message.find(rolled_back), std::string::npos) << done.error().message;
    } else {
      EXPECT_EQ(done.error().message.find("rolled back"), std::string::npos);
    }
    EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
    EXPECT_EQ(file_content(host.state_path()), state_before);
  }
}

Status nothing(HostFixture&, VfManager&) { return {}; }

Status create_four_unbound(HostFixture&, VfManager& manager) {
  return as_status(manager.create_vfs({kX710, 4, false}));
}

Status two_vfs_on_iavf(HostFixture& host, VfManager&) {
  return host.sysfs.write("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "2");
}

Status bind_vf0(HostFixture&, VfManager& manager) {
  return as_status(manager.bind({kVf0, "vm1", Purpose::kGuest, {}}));
}

TEST(Rollback, CreateFromZero) {
  expect_rollback_at_every_write("telco", nothing, create_four_unbound, 2);
}

TEST(Rollback, CreateOverExistingVfsRestoresThemAndTheirDrivers) {
  // 0 first, autoprobe, then the new count: a failure re-creates the two iavf VFs.
  expect_rollback_at_every_write("telco", two_vfs_on_iavf, create_four_unbound, 3);
}

TEST(Rollback, RemoveVfs) {
  expect_rollback_at_every_write(
      "telco", two_vfs_on_iavf,
      [](HostFixture&, VfManager& manager) {
        return as_status(manager.create_vfs({kX710, 0, std::nullopt}));
      },
      1);
}

TEST(Rollback, BindVfFromItsHostDriver) {
  expect_rollback_at_every_write("telco", two_vfs_on_iavf, bind_vf0, 3);
}

TEST(Rollback, BindUnboundVf) {
  expect_rollback_at_every_write("telco", create_four_unbound, bind_vf0, 2);
}

TEST(Rollback, BindGpu) {
  expect_rollback_at_every_write(
      "telco", nothing,
      [](HostFixture&, VfManager& manager) {
        return as_status(manager.bind({kGpu, "ai1", Purpose::kGuest, {}}));
      },
      3);
}

TEST(Rollback, ReleaseBackToTheHostDriver) {
  expect_rollback_at_every_write(
      "telco",
      [](HostFixture& host, VfManager& manager) -> Status {
        NFV_TRY(two_vfs_on_iavf(host, manager));
        return bind_vf0(host, manager);
      },
      [](HostFixture&, VfManager& manager) { return as_status(manager.release(kVf0)); }, 4);
}

TEST(Rollback, ReleaseUnboundVf) {
  expect_rollback_at_every_write(
      "telco",
      [](HostFixture& host, VfManager& manager) -> Status {
        NFV_TRY(create_four_unbound(host, manager));
        return bind_vf0(host, manager);
      },
      [](HostFixture&, VfManager& manager) { return as_status(manager.release(kVf0)); }, 2);
}

TEST(Rollback, VfioRefusingTheGroupUndoesTheBind) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(two_vfs_on_iavf(host, manager));
  auto before = host.sys.snapshot();
  host.vfio.busy.insert(0);  // QEMU already holds /dev/vfio/0
  auto allocation = manager.bind({kVf0, "vm1", Purpose::kGuest, {}});
  ASSERT_FALSE(allocation);
  EXPECT_EQ(allocation.error().message,
            "IOMMU group 0 is in use: another process (QEMU, a DPDK application) holds its VFIO "
            "node; stop it or choose another device (rolled back 3 steps)");
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
  EXPECT_FALSE(fs::exists(host.state_path()));
}

TEST(Rollback, AllocationFileThatCannotBeWrittenUndoesTheBind) {
  HostFixture host;
  fs::create_directories(host.sys.scratch());
  std::ofstream(host.sys.scratch() / "not-a-dir") << "x";
  FakeVfioGroups& vfio = host.vfio;
  VfManager manager(host.sysfs, vfio, AllocationStore(host.sys.scratch() / "not-a-dir/a.json"),
                    nullptr);
  auto before = host.sys.snapshot();
  auto allocation = manager.bind({kGpu, "ai1", Purpose::kGuest, {}});
  ASSERT_FALSE(allocation);
  EXPECT_NE(allocation.error().message.find("not-a-dir"), std::string::npos)
      << allocation.error().message;
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
}

TEST(Rollback, NetlinkFailureUndoesTheSettingsAlreadyApplied) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(create_four_unbound(host, manager));
  host.netlink.add_link("enp59s0f0", 7, 4);
  VfSettings settings;
  settings.mac = *parse_mac("52:54:00:00:00:09");
  settings.rate = VfRate{0, 1000};
  auto before = host.sys.snapshot();
  std::vector<VfState> vfs_before = host.netlink.link("enp59s0f0").vfs;
  // Settings go first (query, set, query), then the bind of the unbound VF (override, probe):
  // fail the probe; the settings and the override are rolled back.
  host.sys.kernel().fail_write(2, EIO);
  auto allocation = manager.bind({kVf0, "vm1", Purpose::kGuest, settings});
  ASSERT_FALSE(allocation);
  EXPECT_NE(allocation.error().message.find("(rolled back 2 steps)"), std::string::npos)
      << allocation.error().message;
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
  const VfState& vf0 = host.netlink.link("enp59s0f0").vfs[0];
  EXPECT_EQ(vf0.mac, vfs_before[0].mac);
  EXPECT_EQ(vf0.rate, vfs_before[0].rate);
  // The kernel refusing the settings stops before any sysfs write; what it applied before the
  // refusal (the MAC) is put back.
  size_t start = host.sys.kernel().write_count();
  host.netlink.refuse_attribute(IFLA_VF_RATE, EOPNOTSUPP);
  allocation = manager.bind({kVf0, "vm1", Purpose::kGuest, settings});
  ASSERT_FALSE(allocation);
  EXPECT_EQ(allocation.error().message,
            "PF enp59s0f0: its driver cannot set rate on VF 0 (EOPNOTSUPP) (rolled back 1 step)");
  EXPECT_EQ(host.sys.kernel().write_count(), start);
  EXPECT_EQ(host.netlink.link("enp59s0f0").vfs[0].mac, vfs_before[0].mac);
}

TEST(Rollback, RequestRefusedBeforeAnyAttributeChangesNothing) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(create_four_unbound(host, manager));
  host.netlink.add_link("enp59s0f0", 7, 4);
  VfSettings settings;
  settings.mac = *parse_mac("52:54:00:00:00:09");
  settings.rate = VfRate{0, 1000};
  std::vector<VfState> vfs_before = host.netlink.link("enp59s0f0").vfs;
  host.netlink.fail_request(2, EPERM, "");
  size_t requests = host.netlink.requests.size();
  auto allocation = manager.bind({kVf0, "vm1", Purpose::kGuest, settings});
  ASSERT_FALSE(allocation);
  EXPECT_EQ(allocation.error().message,
            "PF enp59s0f0: changing VF settings needs CAP_NET_ADMIN (EPERM); run as root (rolled "
            "back 1 step)");
  EXPECT_EQ(host.netlink.link("enp59s0f0").vfs, vfs_before);
  // query, the refused set, the query that finds the refused field, the undo's query: nothing
  // changed, so the undo sends nothing.
  EXPECT_EQ(host.netlink.requests.size() - requests, 4u);
}

// do_setvfinfo applies MAC, then trust; the driver refuses trust after the MAC was changed.
TEST(Rollback, SettingsPartlyAppliedBeforeARefusalAreUndone) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(two_vfs_on_iavf(host, manager));
  FakeLink& link = host.netlink.add_link("enp59s0f0", 7, 2);
  link.vfs[0].mac = *parse_mac("02:00:00:00:3b:20");
  host.netlink.refuse_attribute(IFLA_VF_TRUST, EOPNOTSUPP);
  VfSettings settings;
  settings.mac = *parse_mac("52:54:00:00:00:09");
  settings.trust = true;
  auto before = host.sys.snapshot();
  std::vector<VfState> vfs_before = host.netlink.link("enp59s0f0").vfs;
  auto allocation = manager.bind({kVf0, "vm1", Purpose::kGuest, settings});
  ASSERT_FALSE(allocation);
  EXPECT_EQ(allocation.error().message,
            "PF enp59s0f0: its driver cannot set trust on VF 0 (EOPNOTSUPP) (rolled back 1 step)");
  EXPECT_EQ(format_mac(host.netlink.link("enp59s0f0").vfs[0].mac), "02:00:00:00:3b:20");
  EXPECT_EQ(host.netlink.link("enp59s0f0").vfs, vfs_before);
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
  EXPECT_FALSE(fs::exists(host.state_path()));
}

// The GUIDs go in IFLA_VF_INFOs of their own after the other settings: an Ethernet PF refuses
// them after the MAC was set.
TEST(Rollback, RefusedGuidUndoesTheMacSetInTheSameRequest) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(two_vfs_on_iavf(host, manager));
  host.netlink.add_link("enp59s0f0", 7, 2);
  VfSettings settings;
  settings.mac = *parse_mac("52:54:00:00:00:09");
  settings.node_guid = 0x0011223344556677;
  auto before = host.sys.snapshot();
  std::vector<VfState> vfs_before = host.netlink.link("enp59s0f0").vfs;
  auto allocation = manager.bind({kVf0, "vm1", Purpose::kGuest, settings});
  ASSERT_FALSE(allocation);
  EXPECT_EQ(allocation.error().message,
            "PF enp59s0f0: its driver cannot set node_guid on VF 0 (EOPNOTSUPP); VF GUIDs can be "
            "set only on InfiniBand links (a RoCE VF derives its GID from its MAC: set the MAC "
            "instead) (rolled back 1 step)");
  EXPECT_EQ(host.netlink.link("enp59s0f0").vfs, vfs_before);
  EXPECT_EQ(snapshot_diff(before, host.sys.snapshot()), "");
}

// `nfvctl vf set` on a VF already holding the MAC: whether the MAC or trust was refused cannot be
// told, so the message names both; the undo has nothing to send back.
TEST(Rollback, RefusalAfterAFieldAlreadyHeldNamesEveryField) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(two_vfs_on_iavf(host, manager));
  FakeLink& link = host.netlink.add_link("enp59s0f0", 7, 2);
  link.vfs[0].mac = *parse_mac("52:54:00:00:00:09");
  host.netlink.refuse_attribute(IFLA_VF_TRUST, EOPNOTSUPP);
  VfSettings settings;
  settings.mac = *parse_mac("52:54:00:00:00:09");
  settings.trust = true;
  std::vector<VfState> vfs_before = host.netlink.link("enp59s0f0").vfs;
  auto state = manager.configure(kVf0, settings);
  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().message,
            "PF enp59s0f0: its driver cannot set mac, trust on VF 0 (EOPNOTSUPP) (rolled back 1 "
            "step)");
  EXPECT_EQ(host.netlink.link("enp59s0f0").vfs, vfs_before);
}

TEST(Rollback, AFailingUndoIsReportedWithWhatToFixByHand) {
  HostFixture host;
  VfManager manager = host.manager();
  ASSERT_TRUE(two_vfs_on_iavf(host, manager));
  host.sys.kernel().fail_write(3, EIO);  // drivers_probe
  host.sys.kernel().fail_write(5, EIO);  // the rollback's rebind to iavf (after its override)
  auto allocation = manager.bind({kVf0, "vm1", Purpose::kGuest, {}});
  ASSERT_FALSE(allocation);
  const std::string& message = allocation.error().message;
  EXPECT_NE(message.find("0000:3b:02.0: drivers_probe failed"), std::string::npos) << message;
  EXPECT_NE(message.find("\nROLLBACK INCOMPLETE: could not undo 1 of 2 steps; do these by "
                         "hand:\n  - rebind 0000:3b:02.0 to iavf: 0000:3b:02.0: cannot bind it "
                         "to iavf: "),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace nfv::sriov::testing
