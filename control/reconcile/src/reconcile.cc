#include "nfv/reconcile/reconcile.h"

#include <fmt/format.h>

#include "nfv/common/strings.h"
#include "nfv/reconcile/field_changes.h"

namespace nfv::reconcile {
namespace {

constexpr const char* kNotInConfig = "not in the config";
constexpr const char* kInConfig = "in the config";

std::string replaced_reason(const std::vector<FieldChange>& fixed) {
  return describe(fixed) + " (cannot change in place: replaced)";
}

bool has_field(const std::vector<FieldChange>& changes, std::string_view field) {
  for (const auto& change : changes) {
    if (change.field == field) return true;
  }
  return false;
}

std::set<std::string> merged(const std::set<std::string>& a,
                             const std::map<std::string, std::string>& b) {
  std::set<std::string> out = a;
  for (const auto& [name, reason] : b) out.insert(name);
  return out;
}

// Decides the fate of every object, then writes the steps group by group.
class Planner {
 public:
  Planner(SwitchState desired, SwitchState observed, const Ownership& owned)
      : desired_(std::move(desired)), observed_(std::move(observed)), owned_(owned) {}

  Plan plan() {
    classify_bridges();
    classify_ports();
    delete_macs();
    delete_ports();
    delete_bridges();
    create_bridges();
    change_ports();
    change_macs();
    create_ports();
    create_macs();
    return std::move(plan_);
  }

 private:
  void classify_bridges();
  void classify_ports();
  void delete_macs();
  void delete_ports();
  void delete_bridges();
  void create_bridges();
  void change_ports();
  void change_macs();
  void create_ports();
  void create_macs();

  bool port_goes(const std::string& name) const {
    return ports_deleted_.count(name) != 0 || ports_replaced_.count(name) != 0;
  }
  bool port_appears(const std::string& name) const {
    return ports_created_.count(name) != 0 || ports_replaced_.count(name) != 0;
  }
  bool bridge_deleted(const std::string& name) const { return bridges_deleted_.count(name) != 0; }
  std::string mac_gone_reason(const MacKey& key, const std::string& port) const;
  bool mac_moves_to_new_port(const MacKey& key) const;
  std::vector<std::string> surviving_members(const std::string& bridge) const;
  void add(Action action, ObjectKind kind, std::string name, ObjectSpec target, ObjectSpec restore,
           std::string reason) {
    plan_.steps.push_back(
        {action, kind, std::move(name), std::move(target), std::move(restore), std::move(reason)});
  }

  SwitchState desired_;
  SwitchState observed_;
  const Ownership& owned_;
  std::set<std::string> bridges_deleted_, bridges_created_, ports_deleted_, ports_created_;
  std::map<std::string, std::string> bridges_replaced_, ports_replaced_;  // name -> reason
  std::map<std::string, std::vector<FieldChange>> ports_changed_;
  Plan plan_;
};

void Planner::classify_bridges() {
  for (const auto& [name, bridge] : observed_.bridges) {
    auto wanted = desired_.bridges.find(name);
    if (wanted == desired_.bridges.end()) {
      if (owned_.bridges.count(name) != 0) {
        bridges_deleted_.insert(name);
      } else {
        plan_.foreign.push_back({ObjectKind::kBridge, name});
      }
    } else if (auto fixed = bridge_changes(bridge, wanted->second); !fixed.empty()) {
      bridges_replaced_[name] = replaced_reason(fixed);
    }
  }
  for (const auto& [name, bridge] : desired_.bridges) {
    if (observed_.bridges.count(name) == 0) bridges_created_.insert(name);
  }
}

void Planner::classify_ports() {
  for (const auto& [name, port] : observed_.ports) {
    auto wanted = desired_.ports.find(name);
    if (wanted == desired_.ports.end()) {
      if (owned_.ports.count(name) != 0) {
        ports_deleted_.insert(name);
      } else {
        plan_.foreign.push_back({ObjectKind::kPort, name});
      }
    } else if (auto fixed = fixed_port_changes(port, wanted->second); !fixed.empty()) {
      ports_replaced_[name] = replaced_reason(fixed);
    } else if (auto settable = settable_port_changes(port, wanted->second); !settable.empty()) {
      ports_changed_[name] = std::move(settable);
    }
  }
  for (const auto& [name, port] : desired_.ports) {
    if (observed_.ports.count(name) == 0) ports_created_.insert(name);
  }
}

// Why a static entry vanishes from the switch whatever we do ("" when it stays): deleting a
// bridge destroys its table; deleting a port, moving it to another bridge or changing its
// VLANs flushes its entries, static ones included.
std::string Planner::mac_gone_reason(const MacKey& key, const std::string& port) const {
  if (bridge_deleted(key.bridge)) return fmt::format("bridge {} is deleted", key.bridge);
  if (bridges_replaced_.count(key.bridge) != 0) {
    return fmt::format("bridge {} is replaced", key.bridge);
  }
  if (ports_deleted_.count(port) != 0) return fmt::format("port {} is deleted", port);
  if (ports_replaced_.count(port) != 0) return fmt::format("port {} is replaced", port);
  auto changed = ports_changed_.find(port);
  if (changed != ports_changed_.end()) {
    if (has_field(changed->second, "bridge")) return fmt::format("port {} changes bridge", port);
    if (has_field(changed->second, "vlan")) return fmt::format("port {} changes VLANs", port);
  }
  return "";
}

bool Planner::mac_moves_to_new_port(const MacKey& key) const {
  auto wanted = desired_.macs.find(key);
  return wanted != desired_.macs.end() && port_appears(wanted->second);
}

void Planner::delete_macs() {
  for (const auto& [key, port] : observed_.macs) {
    auto wanted = desired_.macs.find(key);
    std::string gone = mac_gone_reason(key, port);
    std::string reason;
    if (wanted == desired_.macs.end()) {
      if (owned_.macs.count(key) != 0) {
        reason = kNotInConfig;
      } else if (!gone.empty()) {
        reason = gone + " (not nfvd's entry; the switch removes it anyway)";
      } else {
        plan_.foreign.push_back({ObjectKind::kMac, mac_name(key)});
        continue;
      }
    } else if (!gone.empty()) {
      reason = gone + "; added back";
    } else if (wanted->second != port && mac_moves_to_new_port(key)) {
      reason = fmt::format("port {} -> {}, a port still to be added", port, wanted->second);
    } else {
      continue;
    }
    add(Action::kDelete, ObjectKind::kMac, mac_name(key), {}, MacSpec{key, port}, reason);
  }
}

void Planner::delete_ports() {
  for (const auto& name : merged(ports_deleted_, ports_replaced_)) {
    PortState restore = observed_.ports.at(name);
    // A peer deleted before this port is not there when this port comes back on undo: the
    // peer's own undo, later, pairs them again.
    const std::string& peer = restore.spec.xconnect;
    if (!peer.empty() && port_goes(peer) && peer < name) restore.spec.xconnect.clear();
    auto replaced = ports_replaced_.find(name);
    add(Action::kDelete, ObjectKind::kPort, name, {}, std::move(restore),
        replaced == ports_replaced_.end() ? kNotInConfig : replaced->second);
  }
}

// The ports in `bridge` once the port deletes are done: a forced bridge.del detaches them.
std::vector<std::string> Planner::surviving_members(const std::string& bridge) const {
  std::vector<std::string> members;
  for (const auto& [name, port] : observed_.ports) {
    if (port.spec.bridge == bridge && !port_goes(name)) members.push_back(name);
  }
  return members;
}

void Planner::delete_bridges() {
  for (const auto& name : merged(bridges_deleted_, bridges_replaced_)) {
    BridgeSpec restore{observed_.bridges.at(name), surviving_members(name)};
    auto replaced = bridges_replaced_.find(name);
    std::string reason = replaced == bridges_replaced_.end() ? kNotInConfig : replaced->second;
    if (!restore.members.empty()) {
      reason += fmt::format("; detaches port{} {}", restore.members.size() > 1 ? "s" : "",
                            join(restore.members, ", "));
      if (replaced != bridges_replaced_.end()) reason += ", attached again";
    }
    add(Action::kDelete, ObjectKind::kBridge, name, {}, std::move(restore), std::move(reason));
  }
}

void Planner::create_bridges() {
  std::set<std::string> names = bridges_created_;
  for (const auto& [name, reason] : bridges_replaced_) names.insert(name);
  for (const auto& name : names) {
    BridgeSpec target{desired_.bridges.at(name), {}};
    auto replaced = bridges_replaced_.find(name);
    std::string reason = kInConfig;
    if (replaced != bridges_replaced_.end()) {
      target.members = surviving_members(name);
      reason = replaced->second;
    }
    add(Action::kCreate, ObjectKind::kBridge, name, std::move(target), {}, std::move(reason));
  }
}

void Planner::change_ports() {
  for (const auto& [name, changes] : ports_changed_) {
    // Both ends as the switch has them when this step runs (restore) and after it (target).
    PortState restore = observed_.ports.at(name);
    if (bridge_deleted(restore.spec.bridge)) restore.spec.bridge.clear();  // detached by force
    if (port_goes(restore.spec.xconnect)) restore.spec.xconnect.clear();
    PortState target = desired_.ports.at(name);
    // A peer still to be added pairs with this port when it is added.
    if (port_appears(target.spec.xconnect)) target.spec.xconnect.clear();
    add(Action::kChange, ObjectKind::kPort, name, std::move(target), std::move(restore),
        describe(changes));
  }
}

void Planner::change_macs() {
  for (const auto& [key, port] : observed_.macs) {
    auto wanted = desired_.macs.find(key);
    if (wanted == desired_.macs.end() || wanted->second == port) continue;
    if (!mac_gone_reason(key, port).empty() || mac_moves_to_new_port(key)) continue;
    add(Action::kChange, ObjectKind::kMac, mac_name(key), MacSpec{key, wanted->second},
        MacSpec{key, port}, fmt::format("port {} -> {}", port, wanted->second));
  }
}

void Planner::create_ports() {
  for (const auto& name : merged(ports_created_, ports_replaced_)) {
    PortState target = desired_.ports.at(name);
    // A peer added after this port pairs with it then; it does not exist yet.
    const std::string& peer = target.spec.xconnect;
    if (!peer.empty() && port_appears(peer) && peer > name) target.spec.xconnect.clear();
    auto replaced = ports_replaced_.find(name);
    add(Action::kCreate, ObjectKind::kPort, name, std::move(target), {},
        replaced == ports_replaced_.end() ? kInConfig : replaced->second);
  }
}

void Planner::create_macs() {
  for (const auto& [key, port] : desired_.macs) {
    auto seen = observed_.macs.find(key);
    std::string reason = kInConfig;
    if (seen != observed_.macs.end()) {
      std::string gone = mac_gone_reason(key, seen->second);
      if (!gone.empty()) {
        reason = "added back: " + gone;
      } else if (mac_moves_to_new_port(key) && seen->second != port) {
        reason = fmt::format("port {} -> {}", seen->second, port);
      } else {
        continue;
      }
    }
    add(Action::kCreate, ObjectKind::kMac, mac_name(key), MacSpec{key, port}, {}, reason);
  }
}

}  // namespace

Plan reconcile(const SwitchState& desired, const SwitchState& observed, const Ownership& owned) {
  Ownership normal_owned = owned;
  normal_owned.macs.clear();
  for (const auto& key : owned.macs) normal_owned.macs.insert(normalize(key));
  Plan plan = Planner(normalize(desired), normalize(observed), normal_owned).plan();
  std::stable_sort(plan.foreign.begin(), plan.foreign.end(), [](const auto& a, const auto& b) {
    return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
  });
  return plan;
}

}  // namespace nfv::reconcile
