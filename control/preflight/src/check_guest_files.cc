// The files guests boot from exist: a missing kernel found now is a clear error instead of a
// domain that libvirt refuses to start half-way through an apply.
#include "checks.h"

namespace nfv::preflight {

void check_guest_files(const HostFacts& facts, const Requirements& needs,
                       std::vector<Finding>& out) {
  for (const FileNeed& need : needs.files) {
    if (!facts.missing_files.count(need.path)) continue;
    std::string fix = "correct guests[].boot." + need.what + " in the config";
    if (need.what == "disk") fix = "correct guests[].disk in the config";
    if (need.path.find("/guest-image/") != std::string::npos) {
      fix = "build the tiny guest: ./scripts/guest-image (or " + fix + ")";
    }
    out.push_back({Severity::kError, need.subject,
                   need.what + " " + need.path + " is not a file on this host", "", fix});
  }
}

}  // namespace nfv::preflight
