// What `nfvctl diff` prints for a plan, pure: one line per step, then the objects left alone.
//   + port vm1 (create): in the config
//   ~ port vm2 (change): vlan access 10 -> access 20
//   - bridge old (delete): not in the config
//   = port lab0: not nfvd's, left as it is
#pragma once

#include <string>

#include "nfv/api/fields.h"
#include "nfv/reconcile/reconcile.h"

namespace nfv::reconcile {

std::string step_line(const Step& step);  // without the trailing newline
std::string render_text(const Plan& plan);
// {"steps": [{"action", "kind", "name", "reason", "target"?, "restore"?}],
//  "foreign": [{"kind", "name"}]}; target and restore in the switch's wire form.
api::json render_json(const Plan& plan);

}  // namespace nfv::reconcile
