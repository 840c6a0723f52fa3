#include "nfvd/views.h"

#include <fmt/format.h>

#include "nfv/cli/output.h"

namespace nfv::nfvctl {

void render_nfvd_status(std::ostream& out, const api::NfvdStatus& s) {
  if (s.config_path.empty()) {
    out << "config:       none applied yet (nfvctl apply FILE)\n";
  } else {
    out << fmt::format("config:       {}\n", s.config_path);
  }
  if (!s.last_apply_time.empty()) {
    out << fmt::format("last apply:   {}: {}\n", s.last_apply_time, s.last_apply_result);
  }
  out << fmt::format("owned:        {} object(s)\n", s.owned_objects);
  out << fmt::format("switch:       {} ({})\n", s.switch_socket,
                     s.switch_reachable ? "reachable" : "not reachable");
  out << fmt::format("state dir:    {}\n", s.state_dir);
}

void render_apply(std::ostream& out, const api::NfvdApplyResult& result) {
  out << result.text;
  out << fmt::format("applied: {} step(s)\n", result.applied);
}

void render_objects(std::ostream& out, const std::string& header, const api::NfvdObjectList& list) {
  auto yes_no = [](bool value) { return std::string(value ? "yes" : "no"); };
  cli::Table table({header, "OWNER", "IN CONFIG", "ON SWITCH", "STATE", "DETAIL"});
  for (const auto& object : list.objects) {
    table.add({object.name, object.owner, yes_no(object.desired), yes_no(object.observed),
               object.state, object.detail});
  }
  table.print(out);
  out << (list.config_path.empty() ? std::string("config: none applied yet\n")
                                   : fmt::format("config: {}\n", list.config_path));
}

}  // namespace nfv::nfvctl
