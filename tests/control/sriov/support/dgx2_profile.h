// Devices of the recorded-machine profiles (make-fake-sysfs.sh dgx2, dgx2-acs-off,
// dual-socket), on the recordings' addresses. The DGX-2's first PCIe switch pair:
// root port 2b:00.0 > switch 2c:00.0 > downstream 2d:04.0 > switch upstream 32:00.0 with
// downstream ports 33:00.0 (GPU 34:00.0), 33:08.0 (ConnectX-5 35:00.0, ib0/mlx5_0) and
// 33:10.0 (GPU 36:00.0).
#pragma once

#include "nfv/sriov/pci.h"

namespace nfv::sriov::testing::dgx2 {

inline const PciAddress kRootPort = *PciAddress::parse("0000:2b:00.0");
inline const PciAddress kSwitchUpstream = *PciAddress::parse("0000:32:00.0");
inline const PciAddress kGpuPort = *PciAddress::parse("0000:33:00.0");
inline const PciAddress kNicPort = *PciAddress::parse("0000:33:08.0");  // ACS off in dgx2-acs-off
inline const PciAddress kSecondGpuPort = *PciAddress::parse("0000:33:10.0");
inline const PciAddress kGpu = *PciAddress::parse("0000:34:00.0");  // the first GPU
inline const PciAddress kSecondGpu = *PciAddress::parse("0000:36:00.0");
inline const PciAddress kNic = *PciAddress::parse("0000:35:00.0");  // ib0, paired with kGpu
inline const char* const kNicNetdev = "ib0";
inline const char* const kNicRdma = "mlx5_0";
// ConnectX-5 VFs: offset 2, stride 1 (0000:35:00.2 is VF 0).
inline const PciAddress kNicVf0 = *PciAddress::parse("0000:35:00.2");
inline const PciAddress kNicVf1 = *PciAddress::parse("0000:35:00.3");
constexpr unsigned kGpus = 16, kNics = 8, kNvSwitches = 12, kVfsPerPf = 16;

}  // namespace nfv::sriov::testing::dgx2

namespace nfv::sriov::testing::dual_socket {

// 24em64t-2n6c2t-pci.xml: the GPU on node 1 the planner pairs with eth0, the 82576 PF on node 0.
inline const PciAddress kGpu = *PciAddress::parse("0000:11:00.0");
inline const PciAddress kNic = *PciAddress::parse("0000:04:00.0");       // eth0, igb
inline const PciAddress kMellanox = *PciAddress::parse("0000:05:00.0");  // ib0, mlx4_0

}  // namespace nfv::sriov::testing::dual_socket
