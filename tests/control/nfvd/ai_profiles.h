// The recorded machines the AI guest runs on in tests: the sysfs double's profile built from
// each recording, the NIC PFs' netdevs, and what the plan on it must give.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace nfv::nfvd::testing {

struct AiProfile {
  const char* name;               // golden files golden/<name>-domain.xml, -nccl-topo.xml
  const char* sysfs_profile;      // tests/fixtures/sriov/make-fake-sysfs.sh PROFILE
  const char* recording;          // tests/fixtures/hwloc/<recording>
  std::vector<std::string> nics;  // the NIC PFs' netdevs (sriov[] lists each)
  size_t gpus = 0;                // the guest's GPUs, each with a VF
  size_t distinct_vfs = 0;        // VFs passed through (one per GPU)
  const char* expected_class;     // the PCIe class of every GPU<->NIC pair
  bool infiniband = true;         // the NICs' links: VFs get GUIDs on InfiniBand only
  const char* cross_numa = "forbid";
  const char* first_guest_gpu = "";  // where the first GPU and its VF are in the guest
  const char* first_guest_nic = "";
};

// gtest names a failing parameter by it.
inline void PrintTo(const AiProfile& profile, std::ostream* out) { *out << profile.name; }

inline std::vector<AiProfile> ai_profiles() {
  return {{"dgx2",
           "dgx2",
           "nvidiaDGX2-with-nics.xml",
           {"ib0", "ib1", "ib2", "ib3", "ib4", "ib5", "ib6", "ib7"},
           8,
           8,
           "PIX",
           true,
           "forbid",
           "0000:03:00.0",  // behind the first virtual switch's first downstream port
           "0000:04:00.0"},
          // Its one SR-IOV NIC (an 82576, Ethernet) is on the other socket than the GPU the
          // planner picks: a SYS pair, each device on a root port of its own in the guest.
          {"dual-socket",
           "dual-socket",
           "24em64t-2n6c2t-pci.xml",
           {"eth0", "eth1"},
           1,
           1,
           "SYS",
           false,
           "warn",
           "0000:01:00.0",
           "0000:02:00.0"}};
}

}  // namespace nfv::nfvd::testing
