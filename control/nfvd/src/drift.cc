#include "nfv/nfvd/drift.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "nfv/common/strings.h"
#include "nfv/nfvd/guest_run_state.h"
#include "nfv/reconcile/field_changes.h"

namespace nfv::nfvd {
namespace {

using reconcile::Action;
using reconcile::ObjectKind;
using reconcile::Step;

constexpr const char* kRemoved = "removed behind nfvd's back";
constexpr const char* kInConfig = "in the config";  // reconcile's reason for a plain create

// The steps of one object, in plan order.
struct ObjectSteps {
  ObjectKind kind = ObjectKind::kPort;
  std::string name;
  const Step* deleted = nullptr;
  const Step* created = nullptr;
  const Step* changed = nullptr;
};

std::string host_vs_desired(const std::string& field, const std::string& host,
                            const std::string& desired) {
  return fmt::format("{} {} on the host, {} desired", field, host, desired);
}

std::string worded(const std::vector<reconcile::FieldChange>& changes) {
  std::vector<std::string> parts;
  for (const auto& change : changes) {
    parts.push_back(host_vs_desired(change.field, change.from, change.to));
  }
  return join(parts, "; ");
}

std::vector<std::string> parts_of(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t comma; (comma = text.find(", ", start)) != std::string::npos; start = comma + 2) {
    parts.push_back(text.substr(start, comma - start));
  }
  parts.push_back(text.substr(start));
  return parts;
}

// A reason in reconcile's "field host -> desired, field ..." form, said the drift's way; any
// other form is kept as it is.
std::string worded(const std::string& reason) {
  std::vector<std::string> parts;
  for (const auto& part : parts_of(reason)) {
    size_t arrow = part.find(" -> ");
    if (arrow == std::string::npos || part.find(" -> ", arrow + 1) != std::string::npos) {
      return "differs from the desired state: " + reason;
    }
    parts.push_back(
        fmt::format("{} on the host, {} desired", part.substr(0, arrow), part.substr(arrow + 4)));
  }
  return parts.empty() ? reason : join(parts, "; ");
}

template <typename Spec>
const Spec* spec_of(const Step* step, bool target) {
  if (step == nullptr) return nullptr;
  return std::get_if<Spec>(target ? &step->target : &step->restore);
}

std::string replaced_difference(const ObjectSteps& object) {
  if (auto* seen = spec_of<reconcile::PortState>(object.deleted, false)) {
    if (auto* wanted = spec_of<reconcile::PortState>(object.created, true)) {
      auto fixed = reconcile::fixed_port_changes(*seen, *wanted);
      if (!fixed.empty()) return worded(fixed);
    }
  }
  if (auto* seen = spec_of<reconcile::BridgeSpec>(object.deleted, false)) {
    if (auto* wanted = spec_of<reconcile::BridgeSpec>(object.created, true)) {
      auto changes = reconcile::bridge_changes(seen->params, wanted->params);
      if (!changes.empty()) return worded(changes);
    }
  }
  return worded(object.created->reason);
}

std::string changed_difference(const ObjectSteps& object) {
  const Step& step = *object.changed;
  if (auto* seen = spec_of<reconcile::PortState>(&step, false)) {
    if (auto* wanted = spec_of<reconcile::PortState>(&step, true)) {
      auto changes = reconcile::settable_port_changes(*seen, *wanted);
      if (!changes.empty()) return worded(changes);
    }
  }
  if (auto* seen = spec_of<reconcile::MacSpec>(&step, false)) {
    if (auto* wanted = spec_of<reconcile::MacSpec>(&step, true)) {
      return host_vs_desired("port", seen->port, wanted->port);
    }
  }
  if (auto* seen = spec_of<reconcile::VfCountSpec>(&step, false)) {
    if (auto* wanted = spec_of<reconcile::VfCountSpec>(&step, true)) {
      return fmt::format("{} VFs on the host, {} desired", seen->count, wanted->count);
    }
  }
  return worded(step.reason);
}

// A MAC deleted and added back to the same port: its port or bridge is repaired.
bool follows_another_repair(const ObjectSteps& object) {
  if (object.kind == ObjectKind::kMac && object.deleted != nullptr && object.created != nullptr) {
    auto* seen = spec_of<reconcile::MacSpec>(object.deleted, false);
    auto* wanted = spec_of<reconcile::MacSpec>(object.created, true);
    return seen != nullptr && wanted != nullptr && seen->port == wanted->port;
  }
  // A VF's settings on a count change, or its release from vfio-pci: the count's step says it.
  if (object.kind == ObjectKind::kVf) {
    const Step* step = object.created != nullptr ? object.created : object.changed;
    return object.created != nullptr ||
           (step != nullptr && step->reason.starts_with("leaves vfio-pci"));
  }
  return false;
}

std::optional<api::NfvdDriftItem> item_of(const ObjectSteps& object) {
  if (follows_another_repair(object)) return std::nullopt;
  api::NfvdDriftItem item;
  item.kind = std::string(reconcile::kind_name(object.kind));
  item.object = object.name;
  if (object.deleted != nullptr && object.created != nullptr) {
    item.difference = replaced_difference(object);
    item.repair = "apply replaces it";
  } else if (object.changed != nullptr) {
    item.difference = changed_difference(object);
    bool restart =
        object.kind == ObjectKind::kGuest && object.changed->reason.starts_with(kRunStateReason);
    item.repair = restart ? "apply starts it" : "apply changes it";
  } else if (object.created != nullptr) {
    auto* count = spec_of<reconcile::VfCountSpec>(object.created, true);
    if (count != nullptr) {
      item.difference = fmt::format("no VFs on the host, {} desired", count->count);
    } else if (object.created->reason == kInConfig) {
      item.difference = kRemoved;
    } else {
      item.difference = worded(object.created->reason);
    }
    item.repair = "apply creates it";
  } else {
    item.difference = "on the host, not in the desired state: " + object.deleted->reason;
    item.repair = "apply deletes it";
  }
  return item;
}

std::vector<ObjectSteps> by_object(const std::vector<Step>& steps) {
  std::map<std::pair<ObjectKind, std::string>, ObjectSteps> objects;
  for (const Step& step : steps) {
    ObjectSteps& object = objects[{step.kind, step.name}];
    object.kind = step.kind;
    object.name = step.name;
    const Step** slot = step.action == Action::kCreate   ? &object.created
                        : step.action == Action::kDelete ? &object.deleted
                                                         : &object.changed;
    if (*slot == nullptr) *slot = &step;
  }
  std::vector<ObjectSteps> sorted;
  for (auto& [key, object] : objects) sorted.push_back(object);
  return sorted;  // the map's order: kind, then name
}

std::string item_key(const api::NfvdDriftItem& item) {
  return item.kind + "\n" + item.object + "\n" + item.difference;
}

}  // namespace

std::vector<api::NfvdDriftItem> drift_items(const reconcile::Plan& plan) {
  std::vector<api::NfvdDriftItem> items;
  for (const auto& object : by_object(plan.steps)) {
    if (auto item = item_of(object)) items.push_back(std::move(*item));
  }
  return items;
}

api::NfvdDrift drift_of(const reconcile::Plan& plan, std::string checked_at) {
  api::NfvdDrift drift;
  drift.checked_at = std::move(checked_at);
  drift.items = drift_items(plan);
  for (const auto& object : plan.foreign) {
    drift.foreign.push_back({std::string(reconcile::kind_name(object.kind)), object.name});
  }
  drift.in_sync = drift.items.empty();
  return drift;
}

api::NfvdDrift drift_unreadable(std::string error, std::string checked_at) {
  api::NfvdDrift drift;
  drift.checked_at = std::move(checked_at);
  drift.error = std::move(error);
  drift.in_sync = false;
  return drift;
}

std::string drift_line(const api::NfvdDriftItem& item) {
  return fmt::format("{} {}: {} ({})", item.kind, item.object, item.difference, item.repair);
}

std::vector<std::string> drift_transitions(const api::NfvdDrift& before,
                                           const api::NfvdDrift& after,
                                           const std::string& config_path) {
  std::vector<std::string> lines;
  if (!after.error.empty()) {
    if (after.error != before.error) lines.push_back("drift: cannot read the host: " + after.error);
    return lines;  // nothing known about the objects: the previous items stay unrepeated
  }
  std::set<std::string> known;
  for (const auto& item : before.items) known.insert(item_key(item));
  std::string file = config_path.empty() ? "FILE" : config_path;
  for (const auto& item : after.items) {
    if (known.contains(item_key(item))) continue;
    lines.push_back(fmt::format("drift: {} {}: {}; nfvctl apply {} repairs it ({})", item.kind,
                                item.object, item.difference, file, item.repair));
  }
  bool was_out = !before.items.empty() || !before.error.empty();
  if (after.items.empty() && was_out) lines.push_back("drift: the host is in sync again");
  return lines;
}

}  // namespace nfv::nfvd
