// Reconcile of the host's SR-IOV state, pure: which vfs/vf steps, in which order, with which
// reasons and restores.
#include "nfv/reconcile/sriov_reconcile.h"

#include <gtest/gtest.h>

#include "nfv/reconcile/diff_view.h"

namespace nfv::reconcile {
namespace {

VfConfigState on_driver(const std::string& driver) {
  VfConfigState vf;
  vf.driver = driver;
  return vf;
}

std::string text(const std::vector<Step>& steps) { return render_text(Plan{steps, {}}); }

TEST(SriovReconcile, EqualStatesNeedNoStep) {
  SriovState state{{"0000:3b:00.0", PfState{2, {{1, on_driver("vfio-pci")}}}}};
  EXPECT_TRUE(reconcile_sriov(state, state, {"0000:3b:00.0"}).empty());
}

TEST(SriovReconcile, UnmanagedFieldsAreLeftAlone) {
  VfConfigState observed = on_driver("iavf");
  observed.mac = "52:54:00:00:00:01";
  observed.trust = false;
  VfConfigState wanted;
  wanted.trust = false;
  SriovState desired{{"0000:3b:00.0", PfState{1, {{0, wanted}}}}};
  SriovState seen{{"0000:3b:00.0", PfState{1, {{0, observed}}}}};
  EXPECT_TRUE(reconcile_sriov(desired, seen, {}).empty());
}

TEST(SriovReconcile, ACountChangeReleasesVfioVfsFirstAndRemembersSettings) {
  VfConfigState bound = on_driver("vfio-pci");
  bound.mac = "52:54:00:00:00:02";
  SriovState seen{{"0000:3b:00.0", PfState{2, {{0, on_driver("iavf")}, {1, bound}}}}};
  SriovState desired{{"0000:3b:00.0", PfState{4, {{3, on_driver("vfio-pci")}}}}};
  auto steps = reconcile_sriov(desired, seen, {});
  EXPECT_EQ(text(steps),
            "~ vf 0000:3b:00.0/vf1 (change): leaves vfio-pci: the VF count of its PF changes\n"
            "~ vfs 0000:3b:00.0 (change): VFs 2 -> 4\n"
            "+ vf 0000:3b:00.0/vf3 (create): new VF: driver vfio-pci\n");
  const auto& restore = std::get<VfCountSpec>(steps[1].restore);
  EXPECT_EQ(restore.count, 2u);
  ASSERT_EQ(restore.vfs.count(1), 1u);
  EXPECT_EQ(restore.vfs.at(1).mac, "52:54:00:00:00:02");
  EXPECT_FALSE(restore.vfs.at(1).driver);  // the release step's undo binds it again
  EXPECT_EQ(std::get<VfSpec>(steps[0].restore).config.driver, "vfio-pci");
}

TEST(SriovReconcile, AnOwnedPfThatLeftTheConfigGoesBackToNoVfsOthersAreLeftAlone) {
  SriovState seen{{"0000:3b:00.0", PfState{2, {}}}, {"0000:af:00.0", PfState{4, {}}}};
  auto steps = reconcile_sriov({}, seen, {"0000:3b:00.0"});
  EXPECT_EQ(text(steps),
            "- vfs 0000:3b:00.0 (delete): not in the config (was nfvd's): VFs 2 -> 0\n");
}

TEST(SriovReconcile, JsonCarriesTargetAndRestore) {
  VfConfigState wanted;
  wanted.vlan = 100;
  SriovState desired{{"0000:3b:00.0", PfState{1, {{0, wanted}}}}};
  VfConfigState observed;
  observed.vlan = 0;
  SriovState seen{{"0000:3b:00.0", PfState{1, {{0, observed}}}}};
  api::json j = render_json(Plan{reconcile_sriov(desired, seen, {}), {}});
  EXPECT_EQ(j["steps"][0]["kind"], "vf");
  EXPECT_EQ(j["steps"][0]["target"],
            (api::json{{"index", 0}, {"vlan", 100}, {"pf", "0000:3b:00.0"}}));
  EXPECT_EQ(j["steps"][0]["restore"]["vlan"], 0);
}

}  // namespace
}  // namespace nfv::reconcile
