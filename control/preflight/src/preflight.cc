#include "nfv/preflight/preflight.h"

#include <algorithm>

#include "nfv/preflight/check.h"
#include "nfv/topology/hwloc_loader.h"
#include "nfv/topology/planner.h"

namespace nfv::preflight {
namespace {

// A running switch keeps its own PMDs and memory: the plan's shortage of them is not this
// host's problem while it runs, only a warning for the next start.
bool held_by_running_switch(const topology::Shortage& shortage, const SwitchRuntime& runtime) {
  return runtime.running && shortage.subject == "switch";
}

// The plan's shortages as errors and its warnings as warnings; true when a shortage blocks.
bool add_plan_findings(const topology::PlanReport& report, const SwitchRuntime& runtime,
                       std::vector<Finding>& out) {
  bool blocked = false;
  for (const topology::Shortage& shortage : report.shortages) {
    bool held = held_by_running_switch(shortage, runtime);
    blocked = blocked || !held;
    out.push_back({held ? Severity::kWarning : Severity::kError, shortage.subject,
                   shortage.resource + ": " + shortage.message,
                   held ? "none while the running switch runs; it could not start again as "
                          "planned on this host"
                        : "",
                   "free the resource or ask for less; nfvctl plan --config FILE shows the whole "
                   "plan"});
  }
  for (const topology::Warning& warning : report.placement.warnings) {
    out.push_back({Severity::kWarning, warning.subject, warning.message, warning.cost,
                   "see nfvctl plan --config FILE"});
  }
  return blocked;
}

}  // namespace

Result<topology::Topology> load_host_topology(const std::string& topology_xml,
                                              const std::string& sysfs_root) {
  if (!topology_xml.empty()) return topology::load_topology_from_xml(topology_xml);
  return topology::load_live_topology(sysfs_root);
}

Result<std::vector<Finding>> run_preflight(const config::ApplianceConfig& config,
                                           const topology::Topology& topology,
                                           const HostRoots& roots, const SwitchRuntime& runtime) {
  auto facts = read_host_facts(roots);
  if (!facts) return std::move(facts).error();
  topology::PlanReport report = topology::plan_placement(topology, config);
  std::vector<Finding> findings;
  if (!add_plan_findings(report, runtime, findings)) {
    Requirements needs = requirements_of(config, report.placement, runtime);
    std::vector<std::string> files;
    for (const FileNeed& need : needs.files) files.push_back(need.path);
    facts->missing_files = read_missing_files(files);
    facts->pcie = read_pcie_facts(host::Sysfs(roots.sysfs), needs.pcie_devices());
    std::vector<Finding> host = check_host(*facts, needs);
    findings.insert(findings.end(), host.begin(), host.end());
  }
  std::stable_partition(findings.begin(), findings.end(),
                        [](const Finding& f) { return f.severity == Severity::kError; });
  return findings;
}

}  // namespace nfv::preflight
