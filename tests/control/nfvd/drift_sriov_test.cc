// Drift of SR-IOV through nfvd's Service on the sysfs and rtnetlink doubles (a switch with no
// objects stands in for nfv-switch): a VF setting or a VF count changed behind nfvd's back is
// reported by check_drift, and an apply of the same config repairs it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/nfvd/drift.h"
#include "sriov_service_fixture.h"

namespace nfv::nfvd {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> lines(const api::NfvdDrift& drift) {
  std::vector<std::string> out;
  for (const auto& item : drift.items) out.push_back(drift_line(item));
  return out;
}

class SriovDrift : public SriovServiceFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SriovServiceFixture::SetUp());
    service_.emplace(open_service());
  }

  void apply() {
    auto applied = service_->apply({kTwoVfs, "/etc/nfv/host.yaml"});
    ASSERT_TRUE(applied) << applied.error().message;
  }

  std::optional<Service> service_;
};

TEST_F(SriovDrift, AVfSettingChangedOnTheHostIsReportedAndRepairedByApply) {
  ASSERT_NO_FATAL_FAILURE(apply());
  api::NfvdDrift drift = service_->check_drift();
  EXPECT_EQ(drift.error, "");
  EXPECT_TRUE(drift.in_sync) << ::testing::PrintToString(lines(drift));
  EXPECT_FALSE(drift.checked_at.empty());

  sriov::VfState& vf0 = host_.netlink.link("enp59s0f0").vfs[0];
  vf0.vlan.id = 200;
  vf0.trust = false;
  drift = service_->check_drift();
  EXPECT_FALSE(drift.in_sync);
  EXPECT_THAT(lines(drift), ElementsAre("vf 0000:3b:00.0/vf0: vlan 200 on the host, 100 desired; "
                                        "trust off on the host, on desired (apply changes it)"));

  ASSERT_NO_FATAL_FAILURE(apply());
  EXPECT_EQ(host_.netlink.link("enp59s0f0").vfs[0].vlan.id, 100);
  drift = service_->check_drift();
  EXPECT_TRUE(drift.in_sync);
  EXPECT_THAT(drift.items, IsEmpty());
}

TEST_F(SriovDrift, VfsRemovedBehindNfvdsBackAreReportedAndCreatedAgain) {
  ASSERT_NO_FATAL_FAILURE(apply());
  host_.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "0");
  api::NfvdDrift drift = service_->check_drift();
  EXPECT_THAT(lines(drift), ElementsAre("vfs 0000:3b:00.0: no VFs on the host, 2 desired "
                                        "(apply creates it)"));
  ASSERT_NO_FATAL_FAILURE(apply());
  drift = service_->check_drift();
  EXPECT_TRUE(drift.in_sync) << ::testing::PrintToString(lines(drift));
}

TEST_F(SriovDrift, NothingDesiredIsNothingToDriftFrom) {
  api::NfvdDrift drift = service_->check_drift();
  EXPECT_EQ(drift.checked_at, "");
  EXPECT_THAT(drift.items, IsEmpty());
}

}  // namespace
}  // namespace nfv::nfvd
