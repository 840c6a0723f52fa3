// The host pre-flight as a pure function: what the host has (host_facts.h) and what the config
// needs (requirements.h) -> findings, each naming its object, with the cost of a warning and
// the fix. No I/O: the same facts give the same findings.
#pragma once

#include <vector>

#include "nfv/preflight/finding.h"
#include "nfv/preflight/host_facts.h"
#include "nfv/preflight/requirements.h"

namespace nfv::preflight {

// Errors first, then warnings; within each, hugepages, CPUs, interrupts, IOMMU and vfio-pci,
// guest files, then the PCIe paths of the AI guests' GPU<->NIC pairs.
// A config that needs nothing from the host (no hugepages, no pinned CPUs, no PCI devices)
// gets no finding.
std::vector<Finding> check_host(const HostFacts& facts, const Requirements& needs);

}  // namespace nfv::preflight
