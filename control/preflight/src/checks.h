// The checks check_host is made of, one concern per file; each appends its findings.
#pragma once

#include <vector>

#include "nfv/preflight/finding.h"
#include "nfv/preflight/host_facts.h"
#include "nfv/preflight/requirements.h"

namespace nfv::preflight {

void check_hugepages(const HostFacts& facts, const Requirements& needs, std::vector<Finding>& out);
void check_cpus(const HostFacts& facts, const Requirements& needs, std::vector<Finding>& out);
void check_irqs(const HostFacts& facts, const Requirements& needs, std::vector<Finding>& out);
void check_iommu(const HostFacts& facts, const Requirements& needs, std::vector<Finding>& out);
void check_guest_files(const HostFacts& facts, const Requirements& needs,
                       std::vector<Finding>& out);
void check_pcie(const HostFacts& facts, const Requirements& needs, std::vector<Finding>& out);

// Every CPU the needs keep from the scheduler and interrupts, ascending and unique.
std::vector<uint32_t> needed_cpus(const Requirements& needs);

}  // namespace nfv::preflight
