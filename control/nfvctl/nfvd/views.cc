#include "nfvd/views.h"

#include <fmt/format.h>

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
  const api::NfvdSwitchProcess& p = s.switch_process;
  out << fmt::format("switch pid:   {} ({}{}), {} restart(s){}\n",
                     p.pid == 0 ? std::string("none") : std::to_string(p.pid), p.state,
                     p.origin.empty() ? "" : ", " + p.origin, p.restarts,
                     p.last_exit.empty() ? "" : "; last exit: " + p.last_exit);
  out << fmt::format("state dir:    {}\n", s.state_dir);
}

void render_apply(std::ostream& out, const api::NfvdApplyResult& result) {
  out << result.text;
  out << fmt::format("applied: {} step(s)\n", result.applied);
}

}  // namespace nfv::nfvctl
