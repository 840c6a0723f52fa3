// Everything a test of the SR-IOV operations needs: a fake sysfs, the production accessor on it,
// fake VFIO and rtnetlink, and an allocation file in a scratch directory.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "fake_rtnetlink.h"
#include "fake_sysfs.h"
#include "fake_vfio.h"
#include "nfv/sriov/vf_manager.h"

namespace nfv::sriov::testing {

// Devices of the fixture profiles: the X710 PF and its first VFs (offset 16, stride 1), the
// ConnectX-5 PF, the A100.
inline const PciAddress kX710 = *PciAddress::parse("0000:3b:00.0");
inline const PciAddress kVf0 = *PciAddress::parse("0000:3b:02.0");
inline const PciAddress kVf1 = *PciAddress::parse("0000:3b:02.1");
inline const PciAddress kCx5 = *PciAddress::parse("0000:af:00.0");
inline const PciAddress kGpu = *PciAddress::parse("0000:d8:00.0");

class HostFixture {
 public:
  // profile: see FakeSysfs. On a recorded machine's profile the rtnetlink double starts with
  // the PF netdevs of the tree.
  explicit HostFixture(const std::string& profile = "telco");

  std::filesystem::path state_path() const { return sys.scratch() / "state/vf-allocations.json"; }
  VfManager manager(Progress progress = {});
  // A write as another tool (or the operator's shell) would do it; fails the test on error.
  void echo(const std::string& relative, const std::string& value);
  // The kernel writes since write number `since`, readable: "0000:3b:00.0/sriov_numvfs <- 4",
  // "drivers/iavf/unbind <- 0000:3b:02.0", "drivers_probe <- 0000:3b:02.0".
  std::vector<std::string> writes(size_t since = 0);
  // The device's driver as sysfs shows it now; empty when unbound.
  std::string driver_of(const PciAddress& address);

  FakeSysfs sys;
  Sysfs sysfs;
  FakeVfioGroups vfio;
  FakeRtnetlink netlink;
  // Recorded-machine profiles: the rtnetlink double holds their PF netdevs (ib0...): PF -> name.
  std::map<std::string, std::string> pf_ifnames;
};

}  // namespace nfv::sriov::testing
