#include "nfv/dataplane/vlan_settings.h"

#include "nfv/api/port_limits.h"
#include "nfv/common/strings.h"

namespace nfv::dp {

void VlanSettings::allow_all() {
  allowed = VlanSet();
  for (uint16_t vlan = 1; vlan <= 4094; ++vlan) allowed.set(vlan);
}

Result<VlanSettings> make_vlan_settings(const std::string& port, const api::VlanConfig& config) {
  auto trunks = api::check_vlan(config);
  if (!trunks) return make_error("port {}: {}", port, trunks.error().message);
  VlanSettings settings;
  if (config.mode == "access") {
    settings.mode = VlanMode::kAccess;
    settings.access_tag = static_cast<uint16_t>(config.tag);
    return settings;
  }
  settings.mode = VlanMode::kTrunk;
  settings.native = static_cast<uint16_t>(config.native);
  settings.qinq = config.qinq;
  if (!trunks->empty()) {
    settings.allowed = VlanSet();
    for (uint32_t id : *trunks) settings.allowed.set(static_cast<uint16_t>(id));
    settings.trunks = format_id_list(*trunks);
  }
  return settings;
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
