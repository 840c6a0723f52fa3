// The PCIe path of the AI guests' GPU<->NIC pairs (GPUDirect RDMA): IOMMU groups the guest can
// be given, and ACS/ATS on the bridges between the GPU and its NIC below their closest common
// bridge, which decide whether peer traffic stays in the switch or detours through the root
// complex. A pair under different root ports gets no ACS finding (the planner warns about it).
#include "check_pcie.h"

#include <fmt/format.h>

#include "checks.h"
#include "nfv/common/strings.h"

namespace nfv::preflight {
namespace {

struct PairPaths {
  const PciePath& gpu;
  const PciePath& nic;
};

// The bridges below the closest common bridge, on both sides; empty when the paths share no
// bridge (the closest common point is the root complex), `common` false then.
std::vector<const PcieFunction*> bridges_between(const PairPaths& paths, bool& common) {
  size_t shared = 0;
  while (shared < paths.gpu.bridges.size() && shared < paths.nic.bridges.size() &&
         paths.gpu.bridges[shared].bdf == paths.nic.bridges[shared].bdf) {
    ++shared;
  }
  common = shared > 0;
  std::vector<const PcieFunction*> below;
  if (!common) return below;
  for (const PciePath* path : {&paths.gpu, &paths.nic}) {
    for (size_t i = shared; i < path->bridges.size(); ++i) below.push_back(&path->bridges[i]);
  }
  return below;
}

// ACS matters on root ports and switch downstream ports (the kernel ignores it on upstream
// ports and endpoints, multi-function devices aside).
bool acs_applies(const PcieFunction& bridge) {
  if (!bridge.config || !bridge.config->extended() || !bridge.config->port_type) return false;
  PciePortType type = *bridge.config->port_type;
  return type == PciePortType::kRootPort || type == PciePortType::kDownstreamPort;
}

std::string why_unreadable(const PcieFunction& function) {
  if (!function.config) return function.config_problem;
  return function.config->short_reason();
}

// A config space without its extended part says nothing of ACS or ATS: one warning per pair.
bool check_readable(const GpuNicPair& pair, const std::vector<const PcieFunction*>& functions,
                    std::vector<Finding>& out) {
  for (const PcieFunction* function : functions) {
    if (function->config && function->config->extended()) continue;
    out.push_back({Severity::kWarning, pair_subject(pair),
                   fmt::format("ACS and ATS between the GPU and the NIC not checked: config space "
                               "of {} not readable: {}",
                               function->bdf, why_unreadable(*function)),
                   "GPUDirect RDMA traffic may be redirected through the root complex unnoticed",
                   "run the check as root on the host (nfvd does), with the extended config "
                   "space available (no pci=nommconf)"});
    return false;
  }
  return true;
}

// The kernel asks only for the isolation bits a port implements (pci_acs_flags_enabled masks
// the wanted flags by the capability register): a root port without UF still isolates.
bool acs_isolates(const PcieFunction& bridge) {
  const auto& acs = bridge.config->acs;
  if (!acs) return false;
  uint16_t wanted = kAcsIsolation & acs->capability;
  return (acs->control & wanted) == wanted;
}

void check_isolation(const GpuNicPair& pair, const std::vector<const PcieFunction*>& below,
                     std::vector<Finding>& out) {
  for (const PcieFunction* bridge : below) {
    if (!acs_applies(*bridge) || acs_isolates(*bridge)) continue;
    out.push_back({Severity::kWarning, pair_subject(pair),
                   fmt::format("{} has {}: the devices below it are not isolated from each other",
                               bridge_name(*bridge), acs_gap(*bridge)),
                   "the devices under the switch share one IOMMU group: they all go to the same "
                   "guest, and their peer traffic is not checked by the IOMMU",
                   "enable ACS (\"PCIe ACS\") in the BIOS setup for the switch ports"});
  }
}

std::string ats_gap(const PcieFunction& device) {
  const auto& ats = device.config->ats;
  if (!ats) return "no ATS capability";
  return ats->enabled() ? "" : "ATS not enabled";
}

// Peer requests are redirected to the root complex when a bridge below the common one has RR
// without DT, or (RR with DT) when the GPU or the NIC sends untranslated requests (no ATS).
void check_redirect(const GpuNicPair& pair, const PairPaths& paths,
                    const std::vector<const PcieFunction*>& below, std::vector<Finding>& out) {
  std::vector<std::string> causes;
  bool redirects = false;
  for (const PcieFunction* bridge : below) {
    const auto& acs = bridge->config->acs;
    if (!acs_applies(*bridge) || !acs || (acs->control & kAcsRequestRedirect) == 0) continue;
    redirects = true;
    if ((acs->control & kAcsDirectTranslated) == 0) {
      causes.push_back(bridge_name(*bridge) +
                       " redirects peer requests (ACS RR) without Direct Translated P2P (DT)");
    }
  }
  if (!redirects) return;
  std::string nic_note = pair.vf_pending ? " (its PF: the VF is created by the apply)" : "";
  if (std::string gap = ats_gap(paths.gpu.device); !gap.empty())
    causes.push_back("GPU " + pair.gpu_bdf + " has " + gap);
  if (std::string gap = ats_gap(paths.nic.device); !gap.empty())
    causes.push_back("NIC " + paths.nic.device.bdf + nic_note + " has " + gap);
  if (causes.empty()) return;
  out.push_back(
      {Severity::kWarning, pair_subject(pair),
       "GPUDirect RDMA peer traffic is redirected through the root complex: " + join(causes, "; "),
       "every GPU<->NIC transfer crosses the switch's upstream link twice and the root complex: "
       "lower RDMA bandwidth, higher latency, and the upstream link is shared with it",
       fmt::format("enable ATS on the NIC (mlxconfig -d {} set ATS_ENABLED=true, then reset the "
                   "firmware or reboot) and ACS Direct Translated P2P (DT) on the switch's "
                   "downstream ports in the switch/BIOS settings; or pair the GPU with another NIC",
                   pair.pf_bdf)});
}

void check_pair_path(const PcieFacts& facts, const GpuNicPair& pair, std::vector<Finding>& out) {
  if (pair.nic_bdf.empty()) return;
  const PciePath* gpu = facts.find(pair.gpu_bdf);
  const PciePath* nic = facts.find(pair.nic_bdf);
  if (!gpu || !nic) return;  // not on this host's sysfs: the planner and the apply say so
  PairPaths paths{*gpu, *nic};
  bool common = false;
  std::vector<const PcieFunction*> below = bridges_between(paths, common);
  if (!common) return;
  std::vector<const PcieFunction*> read = below;
  read.push_back(&gpu->device);
  read.push_back(&nic->device);
  if (!check_readable(pair, read, out)) return;
  check_isolation(pair, below, out);
  check_redirect(pair, paths, below, out);
}

}  // namespace

std::string pair_subject(const GpuNicPair& pair) {
  std::string subject = fmt::format("guest {} GPU {}", pair.guest, pair.gpu_bdf);
  if (pair.vf_pending)
    return subject + fmt::format(" NIC VF of {} (created by the apply)", pair.pf_bdf);
  if (!pair.nic_bdf.empty()) subject += " NIC " + pair.nic_bdf;
  return subject;
}

std::string bridge_name(const PcieFunction& bridge) {
  if (!bridge.config || !bridge.config->port_type) return "bridge " + bridge.bdf;
  return fmt::format("{} {}", to_string(*bridge.config->port_type), bridge.bdf);
}

std::string acs_gap(const PcieFunction& bridge) {
  if (!bridge.config->acs) return "no ACS capability";
  uint16_t control = bridge.config->acs->control;
  return fmt::format("ACS control {} (without {})", acs_bits_str(control),
                     acs_bits_str(kAcsIsolation & bridge.config->acs->capability & ~control));
}

std::vector<const PcieFunction*> unisolating_bridges(const PciePath& path) {
  std::vector<const PcieFunction*> bridges;
  for (const PcieFunction& bridge : path.bridges) {
    if (acs_applies(bridge) && !acs_isolates(bridge)) bridges.push_back(&bridge);
  }
  return bridges;
}

void check_pcie(const HostFacts& facts, const Requirements& needs, std::vector<Finding>& out) {
  for (const GpuNicPair& pair : needs.gpu_pairs) {
    check_pcie_groups(facts.pcie, needs, pair, out);
    check_pair_path(facts.pcie, pair, out);
  }
}

}  // namespace nfv::preflight
