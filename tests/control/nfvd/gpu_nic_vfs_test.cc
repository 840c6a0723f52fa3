// The VFs the planner pairs with GPUs become desired SR-IOV state: vfio-pci and GUIDs derived
// from the guest and the GPU, the same at every apply; what sriov[] sets stays; a PF sriov[]
// does not create is an error with the fix.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/nfvd/sriov_host.h"

namespace nfv::nfvd {
namespace {

using ::testing::HasSubstr;

std::optional<std::string> infiniband(const std::string&) { return "b859:9f03:000a:0001"; }

topology::Placement trainer_with_two_gpus() {
  topology::Placement placement;
  topology::GuestPlacement guest;
  guest.name = "trainer-0";
  for (uint32_t index : {0u, 1u}) {
    topology::GpuPlacement gpu;
    gpu.gpu_bdf = index == 0 ? "0000:34:00.0" : "0000:36:00.0";
    gpu.nic = topology::VfAssignment{"0000:35:00.0", "ib0", index, std::nullopt, 0};
    gpu.pcie_class = topology::PcieClass::kPix;
    guest.gpus.push_back(gpu);
  }
  placement.guests.push_back(guest);
  return placement;
}

TEST(GpuNicVfs, PairedVfsGetVfioAndStableDistinctGuids) {
  reconcile::SriovState state;
  state["0000:35:00.0"].vfs = 4;
  state["0000:35:00.0"].vf[1].trust = true;
  state["0000:35:00.0"].vf[1].port_guid = "02:00:00:00:00:00:00:07";
  ASSERT_TRUE(add_gpu_nic_vfs(trainer_with_two_gpus(), infiniband, state));
  const auto& vf0 = state["0000:35:00.0"].vf[0];
  const auto& vf1 = state["0000:35:00.0"].vf[1];
  EXPECT_EQ(vf0.driver, "vfio-pci");
  ASSERT_TRUE(vf0.node_guid && vf0.port_guid);
  EXPECT_EQ(vf0.node_guid->substr(0, 3), "02:");
  EXPECT_NE(vf0.node_guid, vf0.port_guid);
  EXPECT_NE(vf0.node_guid, vf1.node_guid);
  EXPECT_EQ(vf1.trust, true);                           // the config's own settings
  EXPECT_EQ(vf1.port_guid, "02:00:00:00:00:00:00:07");  // stay
  reconcile::SriovState again;
  again["0000:35:00.0"].vfs = 4;
  ASSERT_TRUE(add_gpu_nic_vfs(trainer_with_two_gpus(), infiniband, again));
  EXPECT_EQ(again["0000:35:00.0"].vf[0], vf0);  // the same at every apply
}

TEST(GpuNicVfs, AnEthernetOrRoceVfGetsNoGuid) {
  reconcile::SriovState state;
  state["0000:35:00.0"].vfs = 2;
  auto ethernet = [](const std::string&) { return std::optional<std::string>(); };
  ASSERT_TRUE(add_gpu_nic_vfs(trainer_with_two_gpus(), ethernet, state));
  EXPECT_EQ(state["0000:35:00.0"].vf[0].driver, "vfio-pci");
  EXPECT_FALSE(state["0000:35:00.0"].vf[0].node_guid.has_value());
  EXPECT_FALSE(state["0000:35:00.0"].vf[1].port_guid.has_value());
}

TEST(GpuNicVfs, TwoHostsWithTheSameConfigGetDifferentGuids) {
  reconcile::SriovState here, there;
  here["0000:35:00.0"].vfs = there["0000:35:00.0"].vfs = 2;
  auto other_host = [](const std::string&) -> std::optional<std::string> {
    return "b859:9f03:000a:0002";
  };
  ASSERT_TRUE(add_gpu_nic_vfs(trainer_with_two_gpus(), infiniband, here));
  ASSERT_TRUE(add_gpu_nic_vfs(trainer_with_two_gpus(), other_host, there));
  EXPECT_NE(here["0000:35:00.0"].vf[0].node_guid, there["0000:35:00.0"].vf[0].node_guid);
  EXPECT_NE(here["0000:35:00.0"].vf[0].port_guid, there["0000:35:00.0"].vf[0].port_guid);
}

TEST(GpuNicVfs, AnotherDriverForAPairedVfIsRefusedWithTheFix) {
  reconcile::SriovState state;
  state["0000:35:00.0"].vfs = 2;
  state["0000:35:00.0"].vf[1].driver = "mlx5_core";
  auto refused = add_gpu_nic_vfs(trainer_with_two_gpus(), infiniband, state);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message,
              HasSubstr("guest trainer-0: GPU 0000:36:00.0 takes VF 1 of NIC ib0 through VFIO, but "
                        "sriov[] binds that VF to mlx5_core; remove its driver"));
}

TEST(GpuNicVfs, APfThatSriovDoesNotCreateIsRefusedWithTheFix) {
  reconcile::SriovState none;
  auto refused = add_gpu_nic_vfs(trainer_with_two_gpus(), infiniband, none);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message,
              HasSubstr("guest trainer-0: GPU 0000:34:00.0 pairs with VF 0 of NIC ib0 "
                        "(0000:35:00.0), which sriov[] does not create; add {pf: ib0, vfs: 1}"));
  reconcile::SriovState one;
  one["0000:35:00.0"].vfs = 1;
  refused = add_gpu_nic_vfs(trainer_with_two_gpus(), infiniband, one);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message, HasSubstr("VF 1 of NIC ib0"));
}

}  // namespace
}  // namespace nfv::nfvd
