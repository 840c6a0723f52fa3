// What nfvd keeps across restarts, in one JSON file in its state directory (schema-versioned):
// the desired generation and its config (the text, so a restart re-reads exactly what was
// applied, and its path), when and how the last apply ended, the objects nfvd owns
// (reconcile's `owned`), an apply waiting for confirmation, and the journal of an apply under
// way (so the next start after a crash finishes it or rolls it back).
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/common/result.h"
#include "nfv/reconcile/reconcile.h"
#include "nfv/reconcile/state.h"
#include "nfv/reconcile/step.h"
#include "nfv/sriov/allocation.h"

namespace nfv::nfvd {

inline constexpr const char* kStateFileName = "state.json";
// 1: before generations (no schema_version field); 2: generations, confirmation, journal.
inline constexpr int kStateSchemaVersion = 2;

// The longest trial (apply --confirm-timeout) nfvd accepts: a day.
inline constexpr int64_t kMaxTrialS = 86400;

// An apply on trial: unless confirmed by the deadline, `rollback_to` is applied again.
struct PendingConfirm {
  uint64_t generation = 0;
  uint64_t rollback_to = 0;
  int64_t deadline_s = 0;  // seconds since the epoch (wall clock: it must survive a restart)
  bool operator==(const PendingConfirm&) const = default;
};

// Written before an apply's first step and cleared after its last: found at start, it means
// nfvd died in the middle of that apply.
struct ApplyJournal {
  uint64_t target = 0;  // the generation being applied (its file is written first)
  uint64_t from = 0;    // the desired generation before it
  std::string started_at;
  uint64_t confirm_timeout_s = 0;  // an apply on trial is rolled back, never finished
  bool operator==(const ApplyJournal&) const = default;
};

struct PersistentState {
  uint64_t generation = 0;          // desired: the config below; 0 before the first apply
  uint64_t applied_generation = 0;  // the last generation applied to the end
  std::optional<PendingConfirm> pending;
  std::optional<ApplyJournal> journal;
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
// Everything in either.
reconcile::Ownership owned_union(reconcile::Ownership a, const reconcile::Ownership& b);
// The objects `steps` create (bridges, ports, static MACs, PFs' VFs, guests): while an apply
// runs they are nfvd's too, so that whichever generation a restart ends in removes them if it
// does not want them. Objects the config takes over as they are stay out: a rollback must not
// remove what nfvd never made.
reconcile::Ownership created_by(const std::vector<reconcile::Step>& steps);

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
