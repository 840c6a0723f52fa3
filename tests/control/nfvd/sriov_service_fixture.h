// nfvd's Service on the SR-IOV sysfs and rtnetlink doubles (one PF, enp59s0f0, 0000:3b:00.0),
// with a switch that has no objects standing in for nfv-switch and a healthy host for the
// pre-flight: for tests of what nfvd does to VFs through its whole apply path.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "fake_rpc_server.h"
#include "fixtures.h"
#include "healthy_host.h"
#include "host_fixture.h"
#include "nfv/nfvd/service.h"

namespace nfv::nfvd {

// Two VFs on the fixture's PF, the first with a MAC, a VLAN and trust.
inline constexpr const char* kTwoVfs = R"(
sriov:
  - pf: enp59s0f0
    vfs: 2
    vf_settings:
      - {index: 0, mac: "52:54:00:00:00:01", vlan: 100, trust: true}
)";

// The methods nfvd calls on nfv-switch, answered as a switch with no objects answers them.
inline void answer_as_an_empty_switch(nfv::testing::FakeRpcServer& server) {
  auto& d = server.dispatcher();
  d.add(api::kSwitchInfo,
        [](const api::Empty&) -> Result<api::SwitchInfo> { return api::SwitchInfo{}; });
  d.add(api::kPortList, [](const api::Empty&) -> Result<api::PortList> { return api::PortList{}; });
  d.add(api::kBridgeList,
        [](const api::Empty&) -> Result<api::BridgeList> { return api::BridgeList{}; });
  d.add(api::kMacList,
        [](const api::MacListParams&) -> Result<api::MacList> { return api::MacList{}; });
}

class SriovServiceFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    host_.netlink.add_link("enp59s0f0", 7, 8);
    answer_as_an_empty_switch(empty_switch_);
    ASSERT_NO_FATAL_FAILURE(empty_switch_.start(switch_socket()));
  }

  std::string switch_socket() { return (host_.sys.scratch() / "switch.sock").string(); }

  // The same state directory, host and switch every time: a new Service is nfvd restarted.
  ServiceOptions options() {
    ServiceOptions o;
    o.state_dir = (host_.sys.scratch() / "nfvd").string();
    o.switch_socket = switch_socket();
    o.sysfs_root = host_.sys.root().string();
    o.vf_allocations = host_.state_path().string();
    o.vfio = std::shared_ptr<sriov::VfioGroups>(std::shared_ptr<void>(), &host_.vfio);
    o.netlink = std::shared_ptr<sriov::NetlinkTransport>(std::shared_ptr<void>(), &host_.netlink);
    return o;
  }

  // The pre-flight reads a healthy host (IOMMU on, vfio-pci loaded) planned on a recording.
  HostCheckOptions host_check() {
    return HostCheckOptions{healthy_.roots(),
                            topology::testing::fixture_path(preflight::testing::kRecording), "",
                            true};
  }

  Service open_service(ServiceOptions o) {
    auto service = Service::open(std::move(o), host_check());
    EXPECT_TRUE(service) << service.error().message;
    return std::move(service).value();
  }
  Service open_service() { return open_service(options()); }

  sriov::testing::HostFixture host_;
  preflight::testing::HealthyHost healthy_;
  nfv::testing::FakeRpcServer empty_switch_{"nfv-switch"};
};

}  // namespace nfv::nfvd
