// Text views of nfvd's answers.
#pragma once

#include <ostream>

#include "nfv/api/nfvd_api.h"

namespace nfv::nfvctl {

void render_nfvd_status(std::ostream& out, const api::NfvdStatus& status);
void render_apply(std::ostream& out, const api::NfvdApplyResult& result);

}  // namespace nfv::nfvctl
