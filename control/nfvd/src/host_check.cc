#include "nfv/nfvd/host_check.h"

#include "nfv/api/switch_client.h"
#include "nfv/preflight/preflight.h"

namespace nfv::nfvd {
namespace {

constexpr auto kSwitchProbeTimeout = std::chrono::seconds(2);

// The running switch as the pre-flight sees it, and the note saying so.
preflight::SwitchRuntime switch_runtime(const std::string& socket, std::string& note) {
  auto client = api::SwitchClient::connect(socket, "nfvd", kSwitchProbeTimeout);
  if (client) {
    if (auto info = client->call(api::kSwitchInfo)) {
      note = "nfv-switch at " + socket + " runs: its PMD CPUs, and its memory already held";
      return preflight::runtime_of(*info);
    }
  }
  note = "no nfv-switch answers at " + socket + ": the planned PMD CPUs and switch memory";
  return {};
}

}  // namespace

Result<HostCheck> check_host_for(const config::ApplianceConfig& config,
                                 const HostCheckOptions& options) {
  auto topology = preflight::load_host_topology(options.topology_xml, options.roots.sysfs);
  if (!topology) return make_error("pre-flight: {}", topology.error().message);
  HostCheck check;
  preflight::SwitchRuntime runtime;
  if (config.switch_config.enabled) {
    runtime = switch_runtime(options.switch_socket, check.note);
    if (!runtime.running) runtime.no_huge = options.switch_no_huge;
  }
  auto findings = preflight::run_preflight(config, *topology, options.roots, runtime);
  if (!findings) return make_error("pre-flight: {}", findings.error().message);
  check.findings = std::move(findings).value();
  return check;
}

api::PreflightFinding wire_finding(const preflight::Finding& finding) {
  return {std::string(preflight::to_string(finding.severity)), finding.subject, finding.message,
          finding.cost, finding.fix};
}

std::vector<api::PreflightFinding> wire_findings(const std::vector<preflight::Finding>& findings,
                                                 bool warnings_only) {
  std::vector<api::PreflightFinding> wire;
  for (const preflight::Finding& finding : findings) {
    if (warnings_only && finding.severity != preflight::Severity::kWarning) continue;
    wire.push_back(wire_finding(finding));
  }
  return wire;
}

}  // namespace nfv::nfvd
