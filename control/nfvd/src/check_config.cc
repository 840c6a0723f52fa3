#include "nfv/nfvd/check_config.h"

#include "nfv/config/parse.h"
#include "nfv/nfvd/desired_state.h"
#include "nfv/nfvd/service.h"

namespace nfv::nfvd {

api::NfvdCheckResult check_config(const api::NfvdConfigParams& params,
                                  const HostCheckOptions& host) {
  api::NfvdCheckResult result;
  auto text = config_text(params);
  if (!text) {
    result.errors.push_back(text.error().message);
    return result;
  }
  auto parsed =
      config::parse_config(*text, params.config_path.empty() ? "<config>" : params.config_path);
  if (!parsed) {
    result.errors.push_back(parsed.error().message);
    return result;
  }
  auto state = desired_switch_state(*parsed);
  if (!state) {
    result.errors.push_back(state.error().message);
    return result;
  }
  result.valid = true;
  result.bridges = state->bridges.size();
  result.ports = state->ports.size();
  result.static_macs = state->macs.size();
  auto checked = check_host_for(*parsed, host);
  if (!checked) {
    result.findings.push_back({"error", "host", checked.error().message, "",
                               "run where sysfs and procfs are readable (as root)"});
    return result;
  }
  result.findings = wire_findings(checked->findings);
  result.preflight_note = checked->note;
  return result;
}

}  // namespace nfv::nfvd
