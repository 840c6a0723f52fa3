// Text views of nfvd's answers.
#pragma once

#include <ostream>
#include <string>

#include "nfv/api/nfvd_api.h"

namespace nfv::nfvctl {

void render_nfvd_status(std::ostream& out, const api::NfvdStatus& status);
void render_apply(std::ostream& out, const api::NfvdApplyResult& result);
// One row per object: name (under `header`), owner, desired, observed, state, detail.
void render_objects(std::ostream& out, const std::string& header, const api::NfvdObjectList& list);

}  // namespace nfv::nfvctl
