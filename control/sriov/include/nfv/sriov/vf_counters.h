// The packet, byte and drop counters of a PF's VFs, for the telemetry sampler: a guest on a VF
// bypasses the switch, so its traffic is counted by the PF driver and read over rtnetlink
// (RTM_GETLINK with per-VF statistics). The VF's PF ifname comes from sysfs (the PF's net/
// entry); VfManager::vf_counters finds it from a VF's PCI address.
#pragma once

#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/sriov/netlink_transport.h"
#include "nfv/sriov/vf_netlink.h"

namespace nfv::sriov {

// Every VF of the PF `pf_ifname` with its settings and counters (VfState::stats; unset only
// for a VF whose IFLA_VF_STATS was malformed). One request, one driver call per VF.
Result<std::vector<VfState>> read_vf_counters(NetlinkTransport& transport,
                                              const std::string& pf_ifname);

}  // namespace nfv::sriov
