// Bridges: adding, removing, listing.
#include <algorithm>

#include "api_error.h"
#include "nfv/common/log.h"
#include "nfv/dataplane/switch.h"

namespace nfv::dp {

using api::ErrorCode;

api::BridgeInfo Switch::bridge_info(const Bridge& bridge) const {
  std::vector<std::string> members;
  for (const auto& port : ports_) {
    if (port && !port->deleting() && port->in_bridge(bridge.index())) {
      members.push_back(port->name());
    }
  }
  return bridge.info(fdb_->table_size(bridge.index()), std::move(members));
}

Result<api::BridgeInfo> Switch::add_bridge(const BridgeSpec& spec, bool exist_ok) {
  std::lock_guard lock(mutex_);
  if (Bridge* existing = find_bridge(spec.name)) {
    if (exist_ok && existing->spec() == spec) return bridge_info(*existing);
    return api_error(ErrorCode::kAlreadyExists,
                     fmt::format("bridge '{}' already exists", spec.name));
  }
  auto slot = std::find_if(bridges_.begin(), bridges_.end(), [](const auto& b) { return !b; });
  if (slot == bridges_.end()) {
    return api_error(
        ErrorCode::kResourceExhausted,
        fmt::format("bridge {}: the switch already has {} bridges", spec.name, kMaxBridges));
  }
  auto index = static_cast<uint16_t>(slot - bridges_.begin());
  int numa = pmds_.empty() ? -1 : pmds_.front()->config().numa;
  auto fdb = fdb_->create_table(index, spec.name, spec.mac_table_size, spec.ageing_s,
                                spec.mac_limit, numa);
  if (!fdb) return api_error(ErrorCode::kResourceExhausted, fdb.error().message);
  *slot = std::make_unique<Bridge>(spec, index, *fdb);
  publish();
  log::info("bridge {} added: {} MAC entries, ageing {} s, MAC limit {}", spec.name,
            spec.mac_table_size, spec.ageing_s,
            spec.mac_limit == 0 ? std::string("none") : std::to_string(spec.mac_limit));
  return bridge_info(**slot);
}

Status Switch::del_bridge(const api::BridgeDelParams& params) {
  std::lock_guard lock(mutex_);
  Bridge* bridge = find_bridge(params.name);
  if (bridge == nullptr) {
    if (params.missing_ok) return {};
    return bridge_or_error(params.name).error();
  }
  std::vector<Port*> members;
  for (auto& port : ports_) {
    if (port && !port->deleting() && port->in_bridge(bridge->index()))
      members.push_back(port.get());
  }
  if (!members.empty() && !params.force) {
    std::string names;
    for (Port* port : members) names += (names.empty() ? "" : ", ") + port->name();
    return api_error(ErrorCode::kBusy,
                     fmt::format("bridge {} still has ports ({}): detach them or pass force",
                                 params.name, names));
  }
  for (Port* port : members) detach(*port);
  uint16_t index = bridge->index();
  std::string name = bridge->name();
  bridges_[index].reset();
  publish_and_wait();  // no PMD looks into its table any more
  fdb_->destroy_table(index);
  log::info("bridge {} removed", name);
  return {};
}

api::BridgeList Switch::list_bridges() {
  std::lock_guard lock(mutex_);
  api::BridgeList list;
  for (const auto& bridge : bridges_) {
    if (bridge) list.bridges.push_back(bridge_info(*bridge));
  }
  return list;
}

}  // namespace nfv::dp
