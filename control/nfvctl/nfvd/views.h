// Text views of nfvd's answers.
#pragma once

#include <ctime>
#include <ostream>
#include <string>

#include "nfv/api/nfvd_api.h"

namespace nfv::nfvctl {

void render_nfvd_status(std::ostream& out, const api::NfvdStatus& status);
// nfvd.drift: "in sync with the desired state (checked 2 s ago)", or one line per drifted
// object ("drift: port a: removed behind nfvd's back (apply creates it)"), then the foreign
// objects seen. `now`: to say how old the check is.
void render_drift(std::ostream& out, const api::NfvdDrift& drift, std::time_t now);
void render_apply(std::ostream& out, const api::NfvdApplyResult& result);
// The desired and observed generation, a confirmation waiting, what the last start recovered.
void render_generation_status(std::ostream& out, const api::NfvdGenerationStatus& generations);
// nfvd.generations: one row per generation kept, the desired one marked.
void render_generations(std::ostream& out, const api::NfvdGenerationList& list);
// One row per object: name (under `header`), owner, desired, observed, state, detail.
void render_objects(std::ostream& out, const std::string& header, const api::NfvdObjectList& list);
// nfvd.vfs: one row per PF (its VF count) and VF: name, address, owner, driver, what the config
// sets, what the host has, state.
void render_nfvd_vfs(std::ostream& out, const api::NfvdVfList& list);
void render_guests(std::ostream& out, const api::NfvdGuestList& list);
// The config's verdict, then the pre-flight findings as a table and each one's fix and cost.
void render_check(std::ostream& out, const api::NfvdCheckResult& result);
// Pre-flight findings: a table (#, severity, subject, finding), then the fixes by number.
void render_findings(std::ostream& out, const std::vector<api::PreflightFinding>& findings);

}  // namespace nfv::nfvctl
