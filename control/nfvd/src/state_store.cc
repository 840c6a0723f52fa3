#include "nfv/nfvd/state_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "nfv/nfvd/atomic_file.h"
#include "nfv/sriov/allocation_store.h"

namespace nfv::nfvd {
namespace {

using api::json;
using reconcile::MacKey;
using reconcile::Ownership;

json names(const std::set<std::string>& set) {
  json out = json::array();
  for (const auto& name : set) out.push_back(name);
  return out;
}

Status read_names(const json& j, const std::string& path, std::set<std::string>& out) {
  if (!j.is_array()) return make_error("{}: expected an array of names", path);
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) return make_error("{}[{}]: expected a name", path, i);
    out.insert(j[i].get<std::string>());
  }
  return {};
}

Status read_macs(const json& j, const std::string& path, std::set<MacKey>& out) {
  if (!j.is_array()) return make_error("{}: expected an array", path);
  for (size_t i = 0; i < j.size(); ++i) {
    const json& entry = j[i];
    bool valid = entry.is_object() && entry.value("bridge", json()).is_string() &&
                 entry.value("mac", json()).is_string() &&
                 entry.value("vlan", json()).is_number_unsigned();
    if (!valid) return make_error("{}[{}]: expected {{bridge, mac, vlan}}", path, i);
    out.insert(MacKey{entry["bridge"].get<std::string>(), entry["mac"].get<std::string>(),
                      entry["vlan"].get<uint32_t>()});
  }
  return {};
}

Status read_string(const json& j, const char* key, const std::string& origin, std::string& out) {
  if (!j.contains(key)) return {};
  if (!j[key].is_string()) return make_error("{}: {}: expected a string", origin, key);
  out = j[key].get<std::string>();
  return {};
}

Status read_allocations(const json& j, const std::string& origin,
                        std::vector<sriov::Allocation>& out) {
  if (!j.contains("vf_allocations")) return {};
  auto allocations =
      sriov::allocations_from_json(j["vf_allocations"].dump(), origin + ": vf_allocations");
  if (!allocations) return std::move(allocations).error();
  out = std::move(*allocations);
  return {};
}

Status read_count(const json& j, const char* key, const std::string& origin, uint64_t& out) {
  if (!j.contains(key)) return {};
  if (!j[key].is_number_unsigned()) return make_error("{}: {}: expected a number", origin, key);
  out = j[key].get<uint64_t>();
  return {};
}

json pending_json(const std::optional<PendingConfirm>& pending) {
  if (!pending) return nullptr;
  return {{"generation", pending->generation},
          {"rollback_to", pending->rollback_to},
          {"deadline_s", pending->deadline_s}};
}

json journal_json(const std::optional<ApplyJournal>& journal) {
  if (!journal) return nullptr;
  return {{"target", journal->target},
          {"from", journal->from},
          {"started_at", journal->started_at},
          {"confirm_timeout_s", journal->confirm_timeout_s}};
}

Status read_pending(const json& j, const std::string& origin, std::optional<PendingConfirm>& out) {
  if (!j.contains("pending") || j["pending"].is_null()) return {};
  const json& p = j["pending"];
  std::string where = origin + ": pending";
  if (!p.is_object() || !p.value("deadline_s", json()).is_number_integer()) {
    return make_error("{}: expected {{generation, rollback_to, deadline_s}}", where);
  }
  PendingConfirm pending;
  NFV_TRY(read_count(p, "generation", where, pending.generation));
  NFV_TRY(read_count(p, "rollback_to", where, pending.rollback_to));
  // A hand-edited or damaged deadline cannot make a trial longer than the longest one allowed.
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  pending.deadline_s = std::clamp<int64_t>(p["deadline_s"].get<int64_t>(), 0, now + kMaxTrialS);
  out = pending;
  return {};
}

Status read_journal(const json& j, const std::string& origin, std::optional<ApplyJournal>& out) {
  if (!j.contains("journal") || j["journal"].is_null()) return {};
  const json& p = j["journal"];
  std::string where = origin + ": journal";
  if (!p.is_object()) return make_error("{}: expected an object", where);
  ApplyJournal journal;
  NFV_TRY(read_count(p, "target", where, journal.target));
  NFV_TRY(read_count(p, "from", where, journal.from));
  NFV_TRY(read_string(p, "started_at", where, journal.started_at));
  NFV_TRY(read_count(p, "confirm_timeout_s", where, journal.confirm_timeout_s));
  out = journal;
  return {};
}

Status read_schema(const json& j, const std::string& origin) {
  uint64_t schema = 1;
  NFV_TRY(read_count(j, "schema_version", origin, schema));
  if (schema > static_cast<uint64_t>(kStateSchemaVersion)) {
    return make_error(
        "{}: schema_version {} is newer than this nfvd reads ({}): run the nfvd that wrote it, "
        "or move the state directory away to start without a desired state",
        origin, schema, kStateSchemaVersion);
  }
  return {};
}

}  // namespace

Ownership ownership_of(const reconcile::SwitchState& state) {
  Ownership owned;
  for (const auto& [name, bridge] : state.bridges) owned.bridges.insert(name);
  for (const auto& [name, port] : state.ports) owned.ports.insert(name);
  for (const auto& [key, port] : state.macs) owned.macs.insert(key);
  return owned;
}

size_t object_count(const Ownership& owned) {
  return owned.bridges.size() + owned.ports.size() + owned.macs.size() + owned.guests.size();
}

Ownership owned_union(Ownership a, const Ownership& b) {
  a.bridges.insert(b.bridges.begin(), b.bridges.end());
  a.ports.insert(b.ports.begin(), b.ports.end());
  a.macs.insert(b.macs.begin(), b.macs.end());
  a.pfs.insert(b.pfs.begin(), b.pfs.end());
  a.guests.insert(b.guests.begin(), b.guests.end());
  return a;
}

Ownership created_by(const std::vector<reconcile::Step>& steps) {
  using reconcile::ObjectKind;
  Ownership created;
  for (const reconcile::Step& step : steps) {
    if (step.action != reconcile::Action::kCreate) continue;
    switch (step.kind) {
      case ObjectKind::kBridge:
        created.bridges.insert(step.name);
        break;
      case ObjectKind::kPort:
        created.ports.insert(step.name);
        break;
      case ObjectKind::kGuest:
        created.guests.insert(step.name);
        break;
      case ObjectKind::kVfs:
        created.pfs.insert(step.name);
        break;
      case ObjectKind::kMac:
        if (const auto* mac = std::get_if<reconcile::MacSpec>(&step.target)) {
          created.macs.insert(mac->key);
        }
        break;
      default:
        break;
    }
  }
  return created;
}

json to_json(const PersistentState& state) {
  json macs = json::array();
  for (const auto& key : state.owned.macs) {
    macs.push_back({{"bridge", key.bridge}, {"mac", key.mac}, {"vlan", key.vlan}});
  }
  return {{"schema_version", kStateSchemaVersion},
          {"generation", state.generation},
          {"applied_generation", state.applied_generation},
          {"pending", pending_json(state.pending)},
          {"journal", journal_json(state.journal)},
          {"config_path", state.config_path},
          {"config_text", state.config_text},
          {"applied_at", state.applied_at},
          {"last_result", state.last_result},
          {"owned",
           {{"bridges", names(state.owned.bridges)},
            {"ports", names(state.owned.ports)},
            {"macs", macs},
            {"pfs", names(state.owned.pfs)},
            {"guests", names(state.owned.guests)}}},
          {"vf_allocations", json::parse(sriov::allocations_to_json(state.vf_allocations))}};
}

Result<PersistentState> state_from_json(const json& j, const std::string& origin) {
  if (!j.is_object()) return make_error("{}: expected an object", origin);
  PersistentState state;
  NFV_TRY(read_schema(j, origin));
  NFV_TRY(read_count(j, "generation", origin, state.generation));
  NFV_TRY(read_count(j, "applied_generation", origin, state.applied_generation));
  NFV_TRY(read_pending(j, origin, state.pending));
  NFV_TRY(read_journal(j, origin, state.journal));
  NFV_TRY(read_string(j, "config_path", origin, state.config_path));
  NFV_TRY(read_string(j, "config_text", origin, state.config_text));
  NFV_TRY(read_string(j, "applied_at", origin, state.applied_at));
  NFV_TRY(read_string(j, "last_result", origin, state.last_result));
  NFV_TRY(read_allocations(j, origin, state.vf_allocations));
  if (!j.contains("owned")) return state;
  const json& owned = j["owned"];
  if (!owned.is_object()) return make_error("{}: owned: expected an object", origin);
  const json empty = json::array();
  NFV_TRY(
      read_names(owned.value("bridges", empty), origin + ": owned.bridges", state.owned.bridges));
  NFV_TRY(read_names(owned.value("ports", empty), origin + ": owned.ports", state.owned.ports));
  NFV_TRY(read_macs(owned.value("macs", empty), origin + ": owned.macs", state.owned.macs));
  NFV_TRY(read_names(owned.value("pfs", empty), origin + ": owned.pfs", state.owned.pfs));
  NFV_TRY(read_names(owned.value("guests", empty), origin + ": owned.guests", state.owned.guests));
  return state;
}

Result<PersistentState> load_state(const std::string& dir) {
  std::string path = dir + "/" + kStateFileName;
  if (!std::filesystem::exists(path)) return PersistentState{};
  auto text = read_whole_file(path);
  if (!text) return std::move(text).error();
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded()) {
    return make_error("{} is not valid JSON; move it away to start without a desired state", path);
  }
  return state_from_json(j, path);
}

Status save_state(const std::string& dir, const PersistentState& state) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error("cannot create state directory {}: {}", dir, ec.message());
  ::chmod(dir.c_str(), 0700);
  return write_file_atomically(dir + "/" + kStateFileName, to_json(state).dump(2) + "\n");
}

std::string utc_now() { return utc_text(std::time(nullptr)); }

std::string utc_text(std::time_t seconds) {
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace nfv::nfvd
