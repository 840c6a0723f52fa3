// Reconcile for guests: a guest of the config that does not run is created, one that differs
// is changed (with what differs), one that left the config is deleted when nfvd owns it and
// left alone when it does not; diff prints guest steps like the switch's.
#include "nfv/reconcile/guest_reconcile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/reconcile/diff_view.h"

namespace nfv::reconcile {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

GuestInterface interface(GuestInterface::Type type, const std::string& name) {
  GuestInterface out;
  out.type = type;
  out.name = name;
  return out;
}

GuestState guest(const std::string& name, uint32_t vcpus = 2) {
  GuestState out;
  out.name = name;
  out.vcpus = vcpus;
  out.memory_mb = 2048;
  out.interfaces = {interface(GuestInterface::Type::kVhost, name + "-0")};
  return out;
}

GuestStates guests(std::initializer_list<GuestState> list) {
  GuestStates out;
  for (const auto& g : list) out[g.name] = g;
  return out;
}

std::vector<std::string> lines(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& step : plan.steps) out.push_back(step_line(step));
  return out;
}

TEST(GuestReconcile, SameGuestsNeedNoSteps) {
  Plan plan = reconcile_guests(guests({guest("vm1")}), guests({guest("vm1")}), {"vm1"});
  EXPECT_THAT(plan.steps, IsEmpty());
  EXPECT_THAT(plan.foreign, IsEmpty());
}

TEST(GuestReconcile, AGuestThatDoesNotRunIsCreated) {
  Plan plan = reconcile_guests(guests({guest("vm1")}), {}, {});
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(std::get<GuestState>(plan.steps[0].target), guest("vm1"));
  EXPECT_THAT(lines(plan), ElementsAre("+ guest vm1 (create): in the config"));
}

TEST(GuestReconcile, AGuestThatDiffersIsChangedWithWhatDiffers) {
  GuestState wanted = guest("vm1", 4);
  wanted.interfaces.push_back(interface(GuestInterface::Type::kVf, "enp59s0f0"));
  Plan plan = reconcile_guests(guests({wanted}), guests({guest("vm1")}), {"vm1"});
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(std::get<GuestState>(plan.steps[0].restore), guest("vm1"));
  EXPECT_THAT(lines(plan),
              ElementsAre("~ guest vm1 (change): vcpus 2 -> 4, interfaces vhost vm1-0 -> "
                          "vhost vm1-0, vf enp59s0f0"));
}

TEST(GuestReconcile, AnUnreportedHugepageSizeIsNoDifference) {
  GuestState wanted = guest("vm1");
  wanted.hugepage_size = 2 << 20;
  Plan plan = reconcile_guests(guests({wanted}), guests({guest("vm1")}), {"vm1"});
  EXPECT_THAT(plan.steps, IsEmpty());
}

TEST(GuestReconcile, AnOwnedGuestOutsideTheConfigIsDeleted) {
  Plan plan = reconcile_guests({}, guests({guest("old")}), {"old"});
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(std::get<GuestState>(plan.steps[0].restore), guest("old"));
  EXPECT_THAT(lines(plan), ElementsAre("- guest old (delete): not in the config"));
}

TEST(GuestReconcile, AForeignGuestIsLeftAlone) {
  Plan plan = reconcile_guests({}, guests({guest("lab")}), {"someone-else"});
  EXPECT_THAT(plan.steps, IsEmpty());
  ASSERT_EQ(plan.foreign.size(), 1u);
  EXPECT_EQ(plan.foreign[0].kind, ObjectKind::kGuest);
  EXPECT_EQ(render_text(plan),
            "no changes: the switch matches the config\n"
            "= guest lab: not nfvd's, left as it is\n");
}

TEST(GuestReconcile, DeletesComeBeforeChangesBeforeCreates) {
  Plan plan = reconcile_guests(guests({guest("a"), guest("b", 8)}),
                               guests({guest("b"), guest("c")}), {"b", "c"});
  EXPECT_THAT(lines(plan),
              ElementsAre("- guest c (delete): not in the config",
                          "~ guest b (change): vcpus 2 -> 8", "+ guest a (create): in the config"));
}

TEST(GuestReconcile, JsonCarriesTheGuest) {
  Plan plan = reconcile_guests(guests({guest("vm1")}), {}, {});
  api::json step = render_json(plan)["steps"][0];
  EXPECT_EQ(step["kind"], "guest");
  EXPECT_EQ(step["target"]["vcpus"], 2);
  EXPECT_EQ(step["target"]["memory_mb"], 2048);
  EXPECT_EQ(step["target"]["interfaces"][0]["port"], "vm1-0");
}

}  // namespace
}  // namespace nfv::reconcile
