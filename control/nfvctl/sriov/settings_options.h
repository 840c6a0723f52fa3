// VF settings as nfvctl options, shared by `vf bind` and `vf set`.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>

#include "nfv/common/result.h"
#include "nfv/sriov/vf_manager.h"
#include "nfv/sriov/vf_netlink.h"

namespace nfv::nfvctl {

struct SettingsOptions {
  std::string mac, spoofchk, trust, state, node_guid, port_guid, vlan_proto = "802.1Q";
  std::optional<unsigned> vlan, qos, min_rate, max_rate;
};

void add_settings_options(boost::program_options::options_description& options, SettingsOptions& s);

// Rates come as a pair on the wire: a missing half keeps the VF's current value, read through
// `manager` (the VF must then be known).
Result<sriov::VfSettings> to_settings(const SettingsOptions& o, sriov::VfManager* manager,
                                      const std::optional<sriov::PciAddress>& vf);

}  // namespace nfv::nfvctl
