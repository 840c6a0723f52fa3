// The PCIe path check of the AI guests' GPU<->NIC pairs, in two concerns: IOMMU group
// viability (check_pcie_group.cc) and ACS/ATS between the pair (check_pcie.cc).
#pragma once

#include <string>
#include <vector>

#include "nfv/preflight/finding.h"
#include "nfv/preflight/pcie_facts.h"
#include "nfv/preflight/requirements.h"

namespace nfv::preflight {

// "guest ai1 GPU 0000:34:00.0 NIC 0000:35:00.2": every finding of a pair names it.
std::string pair_subject(const GpuNicPair& pair);

// "switch downstream port 0000:33:00.0", "bridge 0000:33:00.0" when its type is unknown.
std::string bridge_name(const PcieFunction& bridge);

// The root ports and downstream ports above the device whose ACS does not isolate it (no ACS,
// or control without SV|RR|CR|UF): why its IOMMU group is shared. Bridges whose config could
// not be read are left out (nothing known).
std::vector<const PcieFunction*> unisolating_bridges(const PciePath& path);
// "no ACS capability" or "ACS control SV|UF (without RR|CR)".
std::string acs_gap(const PcieFunction& bridge);

// The group of the pair's GPU and of its NIC (not of a VF the apply creates): an error per
// group with a member the guest cannot be given alongside.
void check_pcie_groups(const PcieFacts& facts, const Requirements& needs, const GpuNicPair& pair,
                       std::vector<Finding>& out);

}  // namespace nfv::preflight
