// nfvd's host pre-flight (control/preflight) of a config: planned on this machine (or the
// recording the options name), read under the options' sysfs and procfs roots, with the
// running switch's own PMD CPUs and memory when it answers. nfvd.check returns the findings;
// nfvd.apply refuses on an error and returns the warnings.
#pragma once

#include <string>
#include <vector>

#include "nfv/api/nfvd_api.h"
#include "nfv/common/result.h"
#include "nfv/config/config.h"
#include "nfv/preflight/finding.h"
#include "nfv/preflight/host_facts.h"

namespace nfv::nfvd {

struct HostCheckOptions {
  preflight::HostRoots roots;  // "/sys" and "/proc" on a server
  std::string topology_xml;    // "": this machine (hwloc); an hwloc recording in tests
  std::string switch_socket;   // asked for its PMD CPUs and EAL arguments when it answers
  // When no switch answers: the one nfvd would start runs without hugepages (EAL --no-huge),
  // so it needs none.
  bool switch_no_huge = false;
};

struct HostCheck {
  std::vector<preflight::Finding> findings;  // errors first
  std::string note;                          // how the host was checked
};

// An error only when the host cannot be read or planned on (the message names what).
Result<HostCheck> check_host_for(const config::ApplianceConfig& config,
                                 const HostCheckOptions& options);

api::PreflightFinding wire_finding(const preflight::Finding& finding);
std::vector<api::PreflightFinding> wire_findings(const std::vector<preflight::Finding>& findings,
                                                 bool warnings_only = false);

}  // namespace nfv::nfvd
