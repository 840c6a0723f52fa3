#include "nfv/preflight/check.h"

#include <algorithm>

#include "checks.h"

namespace nfv::preflight {

std::vector<uint32_t> needed_cpus(const Requirements& needs) {
  std::vector<uint32_t> cpus;
  for (const CpuNeed& need : needs.cpus)
    cpus.insert(cpus.end(), need.cpus.begin(), need.cpus.end());
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return cpus;
}

std::vector<Finding> check_host(const HostFacts& facts, const Requirements& needs) {
  std::vector<Finding> findings;
  check_hugepages(facts, needs, findings);
  check_cpus(facts, needs, findings);
  check_irqs(facts, needs, findings);
  check_iommu(facts, needs, findings);
  check_guest_files(facts, needs, findings);
  check_pcie(facts, needs, findings);
  std::stable_partition(findings.begin(), findings.end(),
                        [](const Finding& f) { return f.severity == Severity::kError; });
  return findings;
}

}  // namespace nfv::preflight
