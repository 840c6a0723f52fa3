// What nfvd keeps across restarts, in one JSON file in its state directory: the config last
// applied (its text, so a restart re-reads exactly what was applied, and its path), when and
// how that apply ended, and the switch objects nfvd owns (reconcile's `owned`).
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/common/result.h"
#include "nfv/reconcile/reconcile.h"
#include "nfv/reconcile/state.h"
#include "nfv/sriov/allocation.h"

namespace nfv::nfvd {

inline constexpr const char* kStateFileName = "state.json";

struct PersistentState {
  std::string config_path;  // "" before the first apply
  std::string config_text;  // the desired state, as applied
  std::string applied_at;   // UTC, ISO 8601, of the last apply (successful or not)
  std::string last_result;  // "ok", or the error of the last apply
  reconcile::Ownership owned;
  // VFs (and whole devices) on vfio-pci that are nfvd's, adopted once from the SR-IOV
  // library's allocation file (vf_adoption.h): nfvd's state is then their one record.
  std::vector<sriov::Allocation> vf_allocations;

  bool has_config() const { return !config_text.empty(); }
};

// The objects of a desired state: after a successful apply, these are nfvd's.
reconcile::Ownership ownership_of(const reconcile::SwitchState& state);
size_t object_count(const reconcile::Ownership& owned);

api::json to_json(const PersistentState& state);
// Errors name the field: "state.json: owned.macs[2]: expected an object".
Result<PersistentState> state_from_json(const api::json& j, const std::string& origin);

// <dir>/state.json, or an empty state when the file does not exist yet.
Result<PersistentState> load_state(const std::string& dir);
// Written to a temporary file, synced, then renamed over the old one: a crash leaves the old
// state or the new one, never half of one. Creates `dir` (mode 0700) if needed.
Status save_state(const std::string& dir, const PersistentState& state);

// "2026-12-07T07:00:00Z"
std::string utc_now();
// "2026-12-07T11:37:17Z" of a time in seconds since the epoch.
std::string utc_text(std::time_t seconds);

}  // namespace nfv::nfvd
