#include "nfv/reconcile/diff_view.h"

#include <fmt/format.h>

namespace nfv::reconcile {
namespace {

char sign(Action action) {
  switch (action) {
    case Action::kCreate:
      return '+';
    case Action::kChange:
      return '~';
    case Action::kDelete:
      return '-';
  }
  return '?';
}

api::json vf_json(uint32_t index, const VfConfigState& vf) {
  api::json out = {{"index", index}};
  if (vf.mac) out["mac"] = *vf.mac;
  if (vf.vlan) out["vlan"] = *vf.vlan;
  if (vf.qos) out["qos"] = *vf.qos;
  if (vf.spoof_check) out["spoof_check"] = *vf.spoof_check;
  if (vf.trust) out["trust"] = *vf.trust;
  if (vf.max_rate) out["max_rate"] = *vf.max_rate;
  if (vf.driver) out["driver"] = *vf.driver;
  if (vf.node_guid) out["node_guid"] = *vf.node_guid;
  if (vf.port_guid) out["port_guid"] = *vf.port_guid;
  return out;
}

api::json guest_json(const GuestState& guest) {
  api::json interfaces = api::json::array();
  for (const auto& interface : guest.interfaces) {
    bool vhost = interface.type == GuestInterface::Type::kVhost;
    api::json entry = {{"type", vhost ? "vhost" : "vf"}, {vhost ? "port" : "pf", interface.name}};
    interfaces.push_back(std::move(entry));
  }
  api::json out = {{"name", guest.name},
                   {"vcpus", guest.vcpus},
                   {"memory_mb", guest.memory_mb},
                   {"interfaces", std::move(interfaces)}};
  if (guest.hugepage_size != 0) out["hugepage_size"] = guest.hugepage_size;
  if (guest.numa) out["numa"] = *guest.numa;
  return out;
}

api::json object_json(const ObjectSpec& object) {
  struct Visitor {
    api::json operator()(std::monostate) const { return nullptr; }
    api::json operator()(const BridgeSpec& bridge) const {
      api::json out = api::to_wire(bridge.params);
      if (!bridge.members.empty()) out["members"] = bridge.members;
      return out;
    }
    api::json operator()(const PortState& port) const {
      api::json out = api::to_wire(port.spec);
      out["admin"] = port.admin;
      return out;
    }
    api::json operator()(const VfCountSpec& count) const {
      api::json out = {{"pf", count.pf}, {"vfs", count.count}};
      for (const auto& [index, vf] : count.vfs) out["vf_settings"].push_back(vf_json(index, vf));
      return out;
    }
    api::json operator()(const VfSpec& vf) const {
      api::json out = vf_json(vf.index, vf.config);
      out["pf"] = vf.pf;
      return out;
    }
    api::json operator()(const GuestState& guest) const { return guest_json(guest); }
    api::json operator()(const MacSpec& mac) const {
      return {{"bridge", mac.key.bridge},
              {"mac", mac.key.mac},
              {"vlan", mac.key.vlan},
              {"port", mac.port}};
    }
  };
  return std::visit(Visitor{}, object);
}

}  // namespace

std::string step_line(const Step& step) {
  return fmt::format("{} {}: {}", sign(step.action), step_label(step), step.reason);
}

std::string render_text(const Plan& plan) {
  std::string text;
  for (const auto& step : plan.steps) text += step_line(step) + "\n";
  if (plan.steps.empty()) text += "no changes: the switch matches the config\n";
  for (const auto& object : plan.foreign) {
    text +=
        fmt::format("= {} {}: not nfvd's, left as it is\n", kind_name(object.kind), object.name);
  }
  return text;
}

api::json render_json(const Plan& plan) {
  api::json steps = api::json::array();
  for (const auto& step : plan.steps) {
    api::json entry = {{"action", action_name(step.action)},
                       {"kind", kind_name(step.kind)},
                       {"name", step.name},
                       {"reason", step.reason}};
    if (api::json target = object_json(step.target); !target.is_null()) entry["target"] = target;
    if (api::json restore = object_json(step.restore); !restore.is_null()) {
      entry["restore"] = restore;
    }
    steps.push_back(std::move(entry));
  }
  api::json foreign = api::json::array();
  for (const auto& object : plan.foreign) {
    foreign.push_back({{"kind", kind_name(object.kind)}, {"name", object.name}});
  }
  return {{"steps", std::move(steps)}, {"foreign", std::move(foreign)}};
}

}  // namespace nfv::reconcile
