// Guests through nfvd's executors, with an in-memory guest manager and the model switch: an
// apply creates the config's guests after their ports, a changed config changes one guest, a
// guest step that fails rolls back the switch's steps too; without a manager the guest steps
// become warnings and the rest applies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/config/parse.h"
#include "nfv/nfvd/desired_state.h"
#include "nfv/nfvd/guest_host.h"
#include "nfv/nfvd/step_router.h"
#include "nfv/reconcile/guest_reconcile.h"
#include "nfv/testing/result_assertions.h"
#include "switch_model.h"

namespace nfv::nfvd {
namespace {

using reconcile::GuestState;
using reconcile::GuestStates;
using reconcile::Step;
using reconcile::testing::ModelExecutor;
using reconcile::testing::SwitchModel;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kConfig = R"(
switch: {pmd_cores: 1}
bridges:
  - {name: br0}
guests:
  - name: vm1
    vcpus: 2
    memory_mb: 1024
    interfaces:
      - {type: vhost, bridge: br0}
  - name: vm2
    vcpus: 1
    memory_mb: 1024
    interfaces:
      - {type: vhost, bridge: br0}
)";

// The guests as a manager would keep them; fails the guest named in fail_on.
class InMemoryGuests : public guests::GuestManager {
 public:
  Result<GuestStates> list() override { return guests; }
  Status create(const GuestState& guest) override {
    NFV_TRY(check(guest.name));
    if (guests.count(guest.name) > 0) return make_error("guest {} exists", guest.name);
    guests[guest.name] = guest;
    return {};
  }
  Status change(const GuestState& from, const GuestState& to) override {
    NFV_TRY(check(to.name));
    if (guests[to.name] != from) return make_error("guest {} is not as recorded", to.name);
    guests[to.name] = to;
    ++changes;
    return {};
  }
  Status remove(const std::string& name) override {
    if (guests.erase(name) == 0) return make_error("no guest {}", name);
    return {};
  }

  GuestStates guests;
  std::string fail_on;
  int changes = 0;

 private:
  Status check(const std::string& name) const {
    if (name == fail_on) return make_error("guest {}: injected failure", name);
    return {};
  }
};

class GuestApply : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = config::parse_config(kConfig, "guests.yaml");
    ASSERT_TRUE(parsed) << parsed.error().message;
    config_ = std::move(parsed).value();
  }
  // The switch's steps, then the guests', as nfvd plans them.
  std::vector<Step> plan(const GuestStates& desired) {
    auto state = desired_switch_state(config_);
    EXPECT_TRUE(state) << state.error().message;
    std::vector<Step> steps = reconcile::reconcile(*state, model_.state(), {}).steps;
    auto observed = manager_.list();
    reconcile::Plan guests = reconcile::reconcile_guests(desired, *observed, {"vm1", "vm2"});
    steps.insert(steps.end(), guests.steps.begin(), guests.steps.end());
    return steps;
  }
  reconcile::ApplyReport apply(const std::vector<Step>& steps) {
    ModelExecutor switch_executor(model_);
    GuestExecutor guest_executor(manager_);
    StepRouter executor(switch_executor, nullptr, &guest_executor);
    return reconcile::apply_steps(steps, executor);
  }

  config::ApplianceConfig config_;
  SwitchModel model_;
  InMemoryGuests manager_;
};

TEST_F(GuestApply, TheConfigMapsOntoGuests) {
  GuestStates desired = desired_guest_state(config_);
  ASSERT_EQ(desired.size(), 2u);
  EXPECT_EQ(desired["vm1"].vcpus, 2u);
  EXPECT_EQ(desired["vm1"].memory_mb, 1024u);
  ASSERT_EQ(desired["vm1"].interfaces.size(), 1u);
  const reconcile::GuestInterface& port = desired["vm1"].interfaces[0];
  EXPECT_EQ(port.type, reconcile::GuestInterface::Type::kVhost);
  EXPECT_EQ(port.name, "vm1-0");
  // The switch's default vhost directory for its default file prefix; client mode (the
  // default) means QEMU serves the socket.
  EXPECT_EQ(port.socket, "/run/nfv-switch/nfv-switch/vm1-0.sock");
  EXPECT_TRUE(port.guest_serves_socket);
  EXPECT_EQ(port.ring_size, 1024u);
  EXPECT_EQ(port.mac, derived_guest_mac("vm1", 0));
  EXPECT_FALSE(desired["vm1"].memfd);
}

TEST_F(GuestApply, GuestMacsAreStableDistinctAndLocal) {
  std::string mac = derived_guest_mac("vm1", 0);
  EXPECT_EQ(mac, derived_guest_mac("vm1", 0));
  EXPECT_NE(mac, derived_guest_mac("vm1", 1));
  EXPECT_NE(mac, derived_guest_mac("vm2", 0));
  EXPECT_THAT(mac, ::testing::MatchesRegex("52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}"));
}

TEST_F(GuestApply, ThePlacementPinsTheGuest) {
  topology::Placement placement;
  topology::GuestPlacement vm1;
  vm1.name = "vm1";
  vm1.numa_node = 1;
  vm1.cpu_policy = config::CpuPolicy::kDedicated;
  vm1.vcpu_cpus = {4, 5};
  vm1.emulator_cpus = {0};
  placement.guests.push_back(vm1);
  GuestStates desired = desired_guest_state(config_, {"/run/sw", &placement, {}});
  EXPECT_EQ(desired["vm1"].numa, 1u);
  EXPECT_TRUE(desired["vm1"].vcpus_pinned);
  EXPECT_THAT(desired["vm1"].vcpu_cpus, ElementsAre(4u, 5u));
  EXPECT_THAT(desired["vm1"].emulator_cpus, ElementsAre(0u));
  EXPECT_EQ(desired["vm1"].interfaces[0].socket, "/run/sw/vm1-0.sock");
  EXPECT_TRUE(desired["vm2"].vcpu_cpus.empty());
}

TEST_F(GuestApply, CreatesTheGuestsAfterTheirPorts) {
  std::vector<Step> steps = plan(desired_guest_state(config_));
  ASSERT_GE(steps.size(), 5u);  // bridge, two ports, two guests
  EXPECT_TRUE(reconcile::is_guest_step(steps.back()));
  EXPECT_FALSE(reconcile::is_guest_step(steps.front()));
  NFV_ASSERT_OK(apply(steps).status());
  EXPECT_EQ(manager_.guests, desired_guest_state(config_));
  EXPECT_EQ(model_.state().ports.count("vm1-0"), 1u);
  EXPECT_THAT(plan(desired_guest_state(config_)), IsEmpty());
}

TEST_F(GuestApply, AChangedConfigChangesOneGuest) {
  NFV_ASSERT_OK(apply(plan(desired_guest_state(config_))).status());
  GuestStates desired = desired_guest_state(config_);
  desired["vm2"].vcpus = 4;
  std::vector<Step> steps = plan(desired);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(reconcile::step_label(steps[0]), "guest vm2 (change)");
  NFV_ASSERT_OK(apply(steps).status());
  EXPECT_EQ(manager_.guests["vm2"].vcpus, 4u);
  EXPECT_EQ(manager_.guests["vm1"], desired["vm1"]);
  EXPECT_EQ(manager_.changes, 1);
}

TEST_F(GuestApply, AFailedGuestStepRollsBackTheSwitchToo) {
  manager_.fail_on = "vm2";
  reconcile::ApplyReport report = apply(plan(desired_guest_state(config_)));
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().error().message,
              HasSubstr("guest vm2 (create) failed: guest vm2: injected failure"));
  EXPECT_TRUE(report.failure->rollback_complete);
  EXPECT_THAT(manager_.guests, IsEmpty());
  EXPECT_THAT(model_.state().bridges, IsEmpty());
  EXPECT_THAT(model_.state().ports, IsEmpty());
}

TEST_F(GuestApply, WithoutAManagerGuestStepsBecomeWarnings) {
  StepsWithoutGuests split = without_guest_steps(plan(desired_guest_state(config_)));
  ASSERT_EQ(split.warnings.size(), 2u);
  EXPECT_EQ(split.warnings[0].severity, "warning");
  EXPECT_EQ(split.warnings[0].subject, "guest vm1");
  EXPECT_EQ(split.warnings[0].message, "guest vm1: not created: nfvd runs without a guest manager");
  for (const Step& step : split.runnable) EXPECT_FALSE(reconcile::is_guest_step(step));
  ModelExecutor switch_executor(model_);
  reconcile::ApplyReport report = reconcile::apply_steps(split.runnable, switch_executor);
  NFV_ASSERT_OK(report.status());
  EXPECT_EQ(report.applied, split.runnable.size());
  EXPECT_EQ(model_.state().ports.count("vm2-0"), 1u);
}

}  // namespace
}  // namespace nfv::nfvd
