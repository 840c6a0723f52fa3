// What `nfvctl diff` shows: one line per step with its sign, then the objects left alone; and
// the same plan as JSON.
#include "nfv/reconcile/diff_view.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario.h"
#include "states.h"

namespace nfv::reconcile::testing {
namespace {

Plan small_plan() {
  SwitchState observed;
  add(observed, bridge("old"));
  add(observed, bridge("lab"));
  PortState vm2 = vhost_port("vm2");
  vm2.spec.vlan = access(10);
  add(observed, vm2);
  SwitchState desired;
  add(desired, vhost_port("vm1"));
  vm2.spec.vlan = access(20);
  add(desired, vm2);
  Ownership owned;
  owned.bridges = {"old"};
  return reconcile(desired, observed, owned);
}

TEST(DiffView, TextHasOneLinePerStepThenTheForeignObjects) {
  EXPECT_EQ(render_text(small_plan()),
            "- bridge old (delete): not in the config\n"
            "~ port vm2 (change): vlan access 10 -> access 20\n"
            "+ port vm1 (create): in the config\n"
            "= bridge lab: not nfvd's, left as it is\n");
}

TEST(DiffView, AnEmptyPlanSaysSo) {
  EXPECT_EQ(render_text(Plan{}), "no changes: the switch matches the config\n");
}

TEST(DiffView, JsonCarriesEachStepWithWhatItAppliesAndRestores) {
  api::json j = render_json(small_plan());
  ASSERT_EQ(j["steps"].size(), 3u);
  const auto& del = j["steps"][0];
  EXPECT_EQ(del["action"], "delete");
  EXPECT_EQ(del["kind"], "bridge");
  EXPECT_EQ(del["name"], "old");
  EXPECT_EQ(del["reason"], "not in the config");
  EXPECT_FALSE(del.contains("target"));
  EXPECT_EQ(del["restore"]["name"], "old");
  const auto& change = j["steps"][1];
  EXPECT_EQ(change["target"]["vlan"]["tag"], 20);
  EXPECT_EQ(change["restore"]["vlan"]["tag"], 10);
  EXPECT_EQ(change["target"]["admin"], "up");
  const auto& create = j["steps"][2];
  EXPECT_EQ(create["target"]["type"], "vhost");
  EXPECT_FALSE(create.contains("restore"));
  ASSERT_EQ(j["foreign"].size(), 1u);
  EXPECT_EQ(j["foreign"][0]["kind"], "bridge");
  EXPECT_EQ(j["foreign"][0]["name"], "lab");
}

TEST(DiffView, MacStepsNameBridgeAddressAndVlan) {
  Plan plan = reconcile(scenario_after(), scenario_before(), own_all(scenario_before()));
  api::json j = render_json(plan);
  bool found = false;
  for (const auto& step : j["steps"]) {
    if (step["kind"] != "mac" || step["action"] != "change") continue;
    found = true;
    EXPECT_EQ(step["name"], "br-keep 02:00:00:00:00:05 vlan 0");
    EXPECT_EQ(step["target"]["port"], "d2");
    EXPECT_EQ(step["restore"]["port"], "d");
  }
  EXPECT_TRUE(found) << j.dump(1);
}

}  // namespace
}  // namespace nfv::reconcile::testing
