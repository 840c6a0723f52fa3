// A port's VLAN mode as the control side stores it, validated from the API's VlanConfig.
#pragma once

#include <cstdint>
#include <string>

#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"
#include "nfv/fastpath/snapshot.h"

namespace nfv::dp {

struct VlanSettings {
  VlanMode mode = VlanMode::kTrunk;
  uint16_t access_tag = 0;
  VlanSet allowed;      // trunk: tagged VLANs allowed (1-4094)
  std::string trunks;   // as given ("" = all)
  uint16_t native = 0;  // trunk: VLAN of untagged frames, 0 = the untagged domain
  bool qinq = false;    // trunk: stacked tags accepted as payload of the outer VLAN

  VlanSettings() { allow_all(); }
  void allow_all();
  bool operator==(const VlanSettings& other) const = default;
};

// Errors name the port and the field: "port vm1: vlan.tag 5000 is out of range [1, 4094]".
Result<VlanSettings> make_vlan_settings(const std::string& port, const api::VlanConfig& config);
api::VlanConfig to_api(const VlanSettings& settings);

}  // namespace nfv::dp
