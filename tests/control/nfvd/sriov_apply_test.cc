// SR-IOV through nfvd on the sysfs double: the config's sriov[] planned against the host,
// applied through the SR-IOV library, and rolled back to exactly the previous VF counts,
// settings and bindings when any step fails.
#include <gtest/gtest.h>

#include <cerrno>

#include "host_fixture.h"
#include "nfv/config/parse.h"
#include "nfv/nfvd/service.h"
#include "nfv/nfvd/sriov_host.h"
#include "nfv/nfvd/state_store.h"
#include "nfv/nfvd/vf_adoption.h"
#include "nfv/reconcile/diff_view.h"
#include "nfv/reconcile/sriov_reconcile.h"

namespace nfv::nfvd {
namespace {

using reconcile::Step;
using sriov::testing::HostFixture;

constexpr const char* kX710 = "0000:3b:00.0";
constexpr const char* kCx5 = "0000:af:00.0";

constexpr const char* kConfig = R"(
sriov:
  - pf: enp59s0f0
    vfs: 2
    vf_settings:
      - {index: 0, mac: "52:54:00:00:00:01", vlan: 100, trust: true}
      - {index: 1, spoof_check: false, driver: vfio-pci}
  - pf: "0000:af:00.0"
    vfs: 2
    vf_settings:
      - {index: 0, max_rate: 1000}
      - {index: 1, driver: vfio-pci}
)";

// A step that fails: before it runs, or after it ran (its own changes then taken back).
class FailingAt : public reconcile::Executor {
 public:
  FailingAt(reconcile::Executor& inner, size_t index, bool after_run)
      : inner_(inner), index_(index), after_run_(after_run) {}
  Status run(const Step& step) override {
    if (count_++ != index_) return inner_.run(step);
    if (!after_run_) return make_error("injected failure");
    NFV_TRY(inner_.run(step));
    NFV_TRY(inner_.undo(step));
    return make_error("injected failure after the step ran");
  }
  Status undo(const Step& step) override { return inner_.undo(step); }

 private:
  reconcile::Executor& inner_;
  size_t index_;
  bool after_run_;
  size_t count_ = 0;
};

class SriovApply : public ::testing::Test {
 protected:
  void SetUp() override {
    host_.netlink.add_link("enp59s0f0", 7, 8);
    host_.netlink.add_link("enp175s0f0", 8, 4);
    // Removed VFs lose their settings: re-created ones start from the driver's defaults.
    host_.sys.kernel().on_vfs_removed([this](const std::string& pf) {
      auto& vfs = host_.netlink.link(pf == kX710 ? "enp59s0f0" : "enp175s0f0").vfs;
      for (sriov::VfState& vf : vfs) {
        sriov::VfState fresh;
        fresh.index = vf.index;
        fresh.spoof_check = true;
        fresh.trust = false;
        vf = fresh;
      }
    });
    host_.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "2");  // two VFs on iavf
    auto config = config::parse_config(kConfig, "host.yaml");
    ASSERT_TRUE(config) << config.error().message;
    auto desired = desired_sriov_state(
        *config, [&](const std::string& pf) { return resolve_pf(sysfs(), pf); });
    ASSERT_TRUE(desired) << desired.error().message;
    desired_ = *desired;
  }

  const sriov::Sysfs& sysfs() { return host_.sysfs; }
  SriovHost sriov_host() { return SriovHost{host_.sysfs, &host_.vfio, &host_.netlink}; }
  reconcile::SriovState observed() {
    auto state = read_sriov_state(sriov_host(), {kX710, kCx5});
    EXPECT_TRUE(state) << state.error().message;
    return state ? *state : reconcile::SriovState{};
  }
  std::vector<Step> plan() { return reconcile::reconcile_sriov(desired_, observed(), {}); }
  std::vector<sriov::VfState> x710_vfs() {
    auto vfs = host_.netlink.link("enp59s0f0").vfs;
    vfs.resize(2);  // the VFs that exist
    return vfs;
  }

  // Applies the plan once per step, that step failing (before it runs, then after it ran);
  // each time the VF counts, bindings (the whole sysfs tree) and settings end as they were.
  void expect_rollback_at_every_step(size_t expected_steps) {
    size_t steps = plan().size();
    ASSERT_EQ(steps, expected_steps) << reconcile::render_text({plan(), {}});
    for (bool after_run : {false, true}) {
      for (size_t index = 0; index < steps; ++index) {
        SCOPED_TRACE(fmt::format("step {} fails {}", index, after_run ? "after running" : "first"));
        auto before = host_.sys.snapshot();
        auto settings_before = x710_vfs();
        SriovExecutor real(sriov_host());
        FailingAt executor(real, index, after_run);
        auto report = reconcile::apply_steps(plan(), executor);
        ASSERT_FALSE(report.ok());
        EXPECT_TRUE(report.failure->rollback_complete) << report.status().error().message;
        EXPECT_EQ(sriov::testing::snapshot_diff(before, host_.sys.snapshot()), "");
        EXPECT_EQ(x710_vfs(), settings_before);
      }
    }
  }

  HostFixture host_;
  reconcile::SriovState desired_;
};

TEST_F(SriovApply, PlansCountsSettingsAndBindingsWithReasons) {
  reconcile::Plan plan{this->plan(), {}};
  EXPECT_EQ(reconcile::render_text(plan),
            "+ vfs 0000:af:00.0 (create): VFs 0 -> 2\n"
            "~ vf 0000:3b:00.0/vf0 (change): mac 00:00:00:00:00:00 -> 52:54:00:00:00:01, vlan 0 "
            "-> 100, trust off -> on\n"
            "~ vf 0000:3b:00.0/vf1 (change): spoof_check on -> off, driver iavf -> vfio-pci\n"
            "+ vf 0000:af:00.0/vf0 (create): new VF: max_rate 1000\n"
            "+ vf 0000:af:00.0/vf1 (create): new VF: driver vfio-pci\n");
}

TEST_F(SriovApply, ApplyReachesTheConfigAndThenPlansNothing) {
  SriovExecutor executor(sriov_host());
  auto report = reconcile::apply_steps(plan(), executor);
  ASSERT_TRUE(report.status()) << report.status().error().message;
  EXPECT_EQ(host_.driver_of(*sriov::PciAddress::parse("0000:3b:02.1")), "vfio-pci");
  EXPECT_EQ(host_.netlink.link("enp175s0f0").vfs[0].rate.max_mbps, 1000u);
  EXPECT_TRUE(plan().empty()) << reconcile::render_text({plan(), {}});
}

TEST_F(SriovApply, AFailureAtEveryStepLeavesCountsSettingsAndBindingsAsTheyWere) {
  expect_rollback_at_every_step(5);
}

TEST_F(SriovApply, AFailureAtEveryStepOfACountChangeRecreatesTheVfsBoundAsBefore) {
  SriovExecutor executor(sriov_host());
  ASSERT_TRUE(reconcile::apply_steps(plan(), executor).status());
  // 2 -> 4 VFs: VF 1 leaves vfio-pci, the count changes, VF 1 and the new VF 3 are set up.
  desired_[kX710].vfs = 4;
  desired_[kX710].vf[3].driver = "vfio-pci";
  expect_rollback_at_every_step(5);
}

TEST_F(SriovApply, AVfHeldByAGuestIsNotPulledAwayByACountChange) {
  SriovExecutor executor(sriov_host());
  ASSERT_TRUE(reconcile::apply_steps(plan(), executor).status());
  host_.sys.kernel().hold_open("0000:3b:02.1", "qemu-system-x86 (pid 4242)");
  auto before = host_.sys.snapshot();
  desired_[kX710].vfs = 4;
  auto report = reconcile::apply_steps(plan(), executor);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.failure->step, "vf 0000:3b:00.0/vf1 (change)");
  EXPECT_NE(report.failure->cause.find("0000:3b:02.1 cannot leave vfio-pci: its IOMMU group"),
            std::string::npos)
      << report.failure->cause;
  EXPECT_EQ(host_.sys.kernel().blocked_unbinds(), 0u);
  EXPECT_EQ(sriov::testing::snapshot_diff(before, host_.sys.snapshot()), "");
}

TEST_F(SriovApply, AnUnknownPfIsNamedWithItsConfigEntry) {
  auto config = config::parse_config("sriov:\n  - {pf: eth9, vfs: 2}\n", "host.yaml");
  ASSERT_TRUE(config) << config.error().message;
  auto desired =
      desired_sriov_state(*config, [&](const std::string& pf) { return resolve_pf(sysfs(), pf); });
  ASSERT_FALSE(desired);
  EXPECT_NE(desired.error().message.find("host.yaml:2:"), std::string::npos)
      << desired.error().message;
  EXPECT_NE(desired.error().message.find("PF eth9: no such network interface"), std::string::npos);
}

// nfvd.vfs and nfvd.owner on the double, from the state of an earlier apply (no switch needed):
// the X710 is nfvd's (one VF still to move to vfio-pci), the ConnectX-5 foreign.
TEST_F(SriovApply, NfvdListsTheVfsItManagesAndOwnsThemWithoutASwitch) {
  ServiceOptions options;
  options.state_dir = (host_.sys.scratch() / "nfvd").string();
  options.sysfs_root = host_.sys.root().string();
  options.vf_allocations = host_.state_path().string();
  options.vfio = std::shared_ptr<sriov::VfioGroups>(std::shared_ptr<void>(), &host_.vfio);
  options.netlink =
      std::shared_ptr<sriov::NetlinkTransport>(std::shared_ptr<void>(), &host_.netlink);
  PersistentState applied;
  applied.config_path = "/etc/nfvd/host.yaml";
  applied.config_text =
      "sriov:\n  - pf: enp59s0f0\n    vfs: 2\n    vf_settings:\n"
      "      - {index: 1, driver: vfio-pci}\n";
  applied.owned.pfs = {kX710};
  ASSERT_TRUE(save_state(options.state_dir, applied));
  auto service = Service::open(options);
  ASSERT_TRUE(service) << service.error().message;
  auto list = service->vfs();
  ASSERT_TRUE(list) << list.error().message;
  std::vector<std::string> rows;
  for (const api::NfvdVf& vf : list->vfs) {
    rows.push_back(
        fmt::format("{} {} {} {} | {}", vf.name, vf.address, vf.owner, vf.driver, vf.state));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "0000:3b:00.0  nfvd  | in sync",
                      "0000:3b:00.0/vf0 0000:3b:02.0 nfvd iavf | in sync",
                      "0000:3b:00.0/vf1 0000:3b:02.1 nfvd iavf | change: driver iavf -> vfio-pci",
                      "0000:af:00.0  foreign  | left as it is",
                  }));
  api::NfvdOwnership owned = service->owner();
  ASSERT_EQ(owned.pfs.size(), 1u);
  EXPECT_EQ(owned.pfs[0].pf, kX710);
  EXPECT_EQ(owned.pfs[0].vfs, (std::vector<std::string>{"0000:3b:02.0", "0000:3b:02.1"}));
}

TEST(VfAdoption, TheAllocationFileIsAdoptedOnceThenRetired) {
  HostFixture host;
  sriov::VfManager manager = host.manager();
  ASSERT_TRUE(manager.create_vfs({sriov::testing::kX710, 2, false}));
  ASSERT_TRUE(manager.bind({sriov::testing::kVf1, "vm1", sriov::Purpose::kGuest, {}}));
  ServiceOptions options;
  options.state_dir = (host.sys.scratch() / "nfvd").string();
  options.sysfs_root = host.sys.root().string();
  options.vf_allocations = host.state_path().string();
  auto service = Service::open(options);
  ASSERT_TRUE(service) << service.error().message;
  ASSERT_EQ(service->persistent().vf_allocations.size(), 1u);
  EXPECT_EQ(service->persistent().vf_allocations[0].owner, "vm1");
  EXPECT_FALSE(std::filesystem::exists(host.state_path()));
  EXPECT_TRUE(std::filesystem::exists(host.state_path().string() + kAdoptedSuffix));
  auto restarted = Service::open(options);  // from state.json alone
  ASSERT_TRUE(restarted) << restarted.error().message;
  EXPECT_EQ(restarted->persistent().vf_allocations, service->persistent().vf_allocations);
}

}  // namespace
}  // namespace nfv::nfvd
