#include "nfv/nfvctl/ownership_guard.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "nfv/api/switch_client.h"
#include "nfv/common/strings.h"

namespace nfv::nfvctl {
namespace {

// A nfvd that is stuck must not hold up nfvctl for long: it is then treated as absent.
constexpr auto kNfvdTimeout = std::chrono::seconds(2);

std::string text_of(const api::json& params, const char* key) {
  auto it = params.find(key);
  return it != params.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void add_port(std::vector<ChangedObject>& out, const std::string& name) {
  if (!name.empty()) out.push_back({OwnedKind::kPort, name, "", 0, ""});
}

ChangedObject static_mac(const api::json& params) {
  std::string mac = text_of(params, "mac");
  auto parsed = parse_mac(mac);
  auto vlan = params.find("vlan");
  bool given = vlan != params.end() && vlan->is_number_integer() && vlan->get<int64_t>() >= 0;
  uint32_t tag = given ? vlan->get<uint32_t>() : 0;
  return {OwnedKind::kStaticMac, text_of(params, "bridge"), parsed ? format_mac(*parsed) : mac, tag,
          ""};
}

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A VF is nfvd's when its PF is: by the PF nfvctl found for it, or in the PF's VF list.
bool owns_vf(const api::NfvdOwnership& owned, const ChangedObject& vf) {
  return std::any_of(owned.pfs.begin(), owned.pfs.end(), [&](const api::NfvdOwnedPf& pf) {
    return (!vf.pf.empty() && pf.pf == vf.pf) || has(pf.vfs, vf.name);
  });
}

bool owns(const api::NfvdOwnership& owned, const ChangedObject& object) {
  switch (object.kind) {
    case OwnedKind::kPort:
      return has(owned.ports, object.name);
    case OwnedKind::kBridge:
      return has(owned.bridges, object.name);
    case OwnedKind::kStaticMac:
      return std::any_of(owned.macs.begin(), owned.macs.end(), [&](const api::NfvdMacKey& key) {
        return key.bridge == object.name && key.mac == object.mac && key.vlan == object.vlan;
      });
    case OwnedKind::kPf:
      return std::any_of(owned.pfs.begin(), owned.pfs.end(),
                         [&](const api::NfvdOwnedPf& pf) { return pf.pf == object.name; });
    case OwnedKind::kVf:
      return owns_vf(owned, object);
  }
  return false;
}

std::string describe(const ChangedObject& object) {
  switch (object.kind) {
    case OwnedKind::kPort:
      return "port " + object.name;
    case OwnedKind::kBridge:
      return "bridge " + object.name;
    case OwnedKind::kStaticMac:
      return fmt::format("static MAC {} vlan {} in bridge {}", object.mac, object.vlan,
                         object.name);
    case OwnedKind::kPf:
      return "SR-IOV PF " + object.name + " (its VFs)";
    case OwnedKind::kVf:
      return "VF " + object.name + (object.pf.empty() ? "" : " of PF " + object.pf);
  }
  return object.name;
}

}  // namespace

std::vector<ChangedObject> objects_changed_by(std::string_view method, const api::json& params) {
  std::vector<ChangedObject> changed;
  if (!params.is_object()) return changed;
  if (method == "port.add" || method == "port.set") {
    add_port(changed, text_of(params, "name"));
    add_port(changed, text_of(params, "xconnect"));  // pairing changes the other port too
  } else if (method == "port.del") {
    add_port(changed, text_of(params, "name"));
  } else if (method == "vlan.set") {
    add_port(changed, text_of(params, "port"));
  } else if (method == "bridge.add" || method == "bridge.del") {
    changed.push_back({OwnedKind::kBridge, text_of(params, "name"), "", 0, ""});
  } else if (method == "mac.add" || method == "mac.del") {
    changed.push_back(static_mac(params));
  }
  return changed;
}

std::optional<std::string> ownership_refusal(const std::vector<ChangedObject>& changed,
                                             const api::NfvdOwnership& owned) {
  for (const auto& object : changed) {
    if (!owns(owned, object)) continue;
    std::string file = owned.config_path.empty() ? "FILE" : owned.config_path;
    return fmt::format(
        "{} belongs to nfvd (it is in the config nfvd applied, {}): nfvctl does not change it "
        "while nfvd runs. Edit that config, then `nfvctl diff {}` to see the change and "
        "`nfvctl apply {}` to make it; objects outside the config can be changed directly",
        describe(object), file, file, file);
  }
  return std::nullopt;
}

std::optional<std::string> refused_by_nfvd(cli::Context& ctx, std::string_view method,
                                           const api::json& params) {
  return refused_by_nfvd(ctx, objects_changed_by(method, params));
}

std::optional<std::string> refused_by_nfvd(cli::Context& ctx,
                                           const std::vector<ChangedObject>& changed) {
  if (changed.empty() || ctx.nfvd_socket.empty()) return std::nullopt;
  auto nfvd = api::SwitchClient::connect(ctx.nfvd_socket, "nfvctl", kNfvdTimeout);
  if (!nfvd) return std::nullopt;  // no nfvd: nothing is managed, nfvctl proceeds
  auto owned = nfvd->call(api::kNfvdOwner);
  if (!owned) return std::nullopt;
  return ownership_refusal(changed, *owned);
}

}  // namespace nfv::nfvctl
