#include "nfv/dataplane/vlan_settings.h"

#include "nfv/common/strings.h"

namespace nfv::dp {

void VlanSettings::allow_all() {
  allowed = VlanSet();
  for (uint16_t vlan = 1; vlan <= 4094; ++vlan) allowed.set(vlan);
}

Result<VlanSettings> make_vlan_settings(const std::string& port, const api::VlanConfig& config) {
  VlanSettings settings;
  if (config.mode == "access") {
    if (config.tag < 1 || config.tag > 4094) {
      return make_error(
          "port {}: vlan.tag {} is out of range [1, 4094] (an access port needs "
          "its VLAN)",
          port, config.tag);
    }
    if (!config.trunks.empty() || config.native != 0 || config.qinq) {
      return make_error(
          "port {}: vlan.trunks, vlan.native and vlan.qinq apply to trunk ports, not access", port);
    }
    settings.mode = VlanMode::kAccess;
    settings.access_tag = static_cast<uint16_t>(config.tag);
    return settings;
  }
  if (config.mode == "trunk" || config.mode.empty()) {
    if (config.tag != 0) {
      return make_error("port {}: vlan.tag applies to access ports; a trunk takes vlan.trunks",
                        port);
    }
    if (config.native > 4094) {
      return make_error("port {}: vlan.native {} is out of range [0, 4094]", port, config.native);
    }
    settings.mode = VlanMode::kTrunk;
    settings.native = static_cast<uint16_t>(config.native);
    settings.qinq = config.qinq;
    if (!config.trunks.empty()) {
      auto ids = parse_id_list(config.trunks, "port " + port + ": vlan.trunks", 4094);
      if (!ids) return std::move(ids).error();
      settings.allowed = VlanSet();
      for (uint32_t id : *ids) {
        if (id == 0) {
          return make_error(
              "port {}: vlan.trunks may not contain 0 (untagged frames use "
              "vlan.native)",
              port);
        }
        settings.allowed.set(static_cast<uint16_t>(id));
      }
      settings.trunks = format_id_list(*ids);
    }
    return settings;
  }
  return make_error("port {}: vlan.mode '{}' is not access or trunk", port, config.mode);
}

api::VlanConfig to_api(const VlanSettings& settings) {
  api::VlanConfig config;
  if (settings.mode == VlanMode::kAccess) {
    config.mode = "access";
    config.tag = settings.access_tag;
  } else {
    config.mode = "trunk";
    config.trunks = settings.trunks;
    config.native = settings.native;
    config.qinq = settings.qinq;
  }
  return config;
}

}  // namespace nfv::dp
