// Drift of SR-IOV through nfvd's Service on the sysfs and rtnetlink doubles (a switch with no
// objects stands in for nfv-switch): a VF setting or a VF count changed behind nfvd's back is
// reported by check_drift, and an apply of the same config repairs it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_rpc_server.h"
#include "fixtures.h"
#include "healthy_host.h"
#include "host_fixture.h"
#include "nfv/nfvd/drift.h"
#include "nfv/nfvd/service.h"

namespace nfv::nfvd {
namespace {

using sriov::testing::HostFixture;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* kConfig = R"(
sriov:
  - pf: enp59s0f0
    vfs: 2
    vf_settings:
      - {index: 0, mac: "52:54:00:00:00:01", vlan: 100, trust: true}
)";

std::vector<std::string> lines(const api::NfvdDrift& drift) {
  std::vector<std::string> out;
  for (const auto& item : drift.items) out.push_back(drift_line(item));
  return out;
}

class SriovDrift : public ::testing::Test {
 protected:
  void SetUp() override {
    host_.netlink.add_link("enp59s0f0", 7, 8);
    std::string socket = (host_.sys.scratch() / "switch.sock").string();
    auto& d = empty_switch_.dispatcher();
    d.add(api::kSwitchInfo,
          [](const api::Empty&) -> Result<api::SwitchInfo> { return api::SwitchInfo{}; });
    d.add(api::kPortList,
          [](const api::Empty&) -> Result<api::PortList> { return api::PortList{}; });
    d.add(api::kBridgeList,
          [](const api::Empty&) -> Result<api::BridgeList> { return api::BridgeList{}; });
    d.add(api::kMacList,
          [](const api::MacListParams&) -> Result<api::MacList> { return api::MacList{}; });
    ASSERT_NO_FATAL_FAILURE(empty_switch_.start(socket));
    ServiceOptions options;
    options.state_dir = (host_.sys.scratch() / "nfvd").string();
    options.switch_socket = socket;
    options.sysfs_root = host_.sys.root().string();
    options.vf_allocations = host_.state_path().string();
    options.vfio = std::shared_ptr<sriov::VfioGroups>(std::shared_ptr<void>(), &host_.vfio);
    options.netlink =
        std::shared_ptr<sriov::NetlinkTransport>(std::shared_ptr<void>(), &host_.netlink);
    // The pre-flight reads a healthy host (IOMMU on, vfio-pci loaded) planned on a recording.
    HostCheckOptions host{healthy_.roots(),
                          topology::testing::fixture_path(preflight::testing::kRecording), "",
                          true};
    auto service = Service::open(options, host);
    ASSERT_TRUE(service) << service.error().message;
    service_.emplace(std::move(service).value());
  }

  void apply() {
    auto applied = service_->apply({kConfig, "/etc/nfv/host.yaml"});
    ASSERT_TRUE(applied) << applied.error().message;
  }

  HostFixture host_;
  preflight::testing::HealthyHost healthy_;
  testing::FakeRpcServer empty_switch_{"nfv-switch"};
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
