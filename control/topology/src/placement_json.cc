#include "nfv/config/config.h"
#include "nfv/topology/json.h"

namespace nfv::topology {
namespace {

json vf_to_json(const std::optional<VfAssignment>& vf) {
  if (!vf) return nullptr;
  return {{"pf", vf->pf_bdf},
          {"pf_name", vf->pf_name},
          {"vf_index", vf->vf_index},
          {"vf", vf->vf_bdf ? json(*vf->vf_bdf) : json(nullptr)},
          {"numa_node", vf->numa_node}};
}

json guest_to_json(const GuestPlacement& guest) {
  json interfaces = json::array();
  for (const auto& interface : guest.interfaces) {
    json entry = {{"index", interface.index}, {"type", config::to_string(interface.type)}};
    if (interface.type == config::InterfaceType::kVhost) {
      entry["bridge"] = interface.bridge;
      if (!interface.xconnect.empty()) entry["xconnect"] = interface.xconnect;
    } else {
      entry["vf"] = vf_to_json(interface.vf);
    }
    entry["numa_node"] = interface.numa_node ? json(*interface.numa_node) : json(nullptr);
    entry["reason"] = interface.reason;
    interfaces.push_back(std::move(entry));
  }
  json gpus = json::array();
  for (const auto& gpu : guest.gpus) {
    gpus.push_back(
        {{"gpu", gpu.gpu_bdf},
         {"gpu_name", gpu.gpu_name},
         {"numa_node", gpu.numa_node},
         {"nic", vf_to_json(gpu.nic)},
         {"pcie_class", gpu.pcie_class ? json(to_string(*gpu.pcie_class)) : json(nullptr)},
         {"shared_switch", gpu.shared_switch},
         {"reason", gpu.reason}});
  }
  return {{"name", guest.name},
          {"numa_node", guest.numa_node},
          {"preferred_nodes", guest.preferred_nodes},
          {"node_reason", guest.node_reason},
          {"cpu_policy", config::to_string(guest.cpu_policy)},
          {"vcpus", guest.vcpus},
          {"vcpu_cpus", guest.vcpu_cpus},
          {"vcpu_reason", guest.vcpu_reason},
          {"emulator_cpus", guest.emulator_cpus},
          {"emulator_reason", guest.emulator_reason},
          {"memory_mb", guest.memory_mb},
          {"hugepage_size", config::page_size_name(guest.hugepage_size)},
          {"hugepages", guest.hugepages},
          {"interfaces", interfaces},
          {"gpus", gpus}};
}

}  // namespace

json plan_to_json(const PlanReport& report) {
  const Placement& placement = report.placement;
  json pmds = json::array();
  for (const auto& pmd : placement.pmds) {
    pmds.push_back({{"cpu", pmd.cpu},
                    {"core", pmd.core},
                    {"numa_node", pmd.numa_node},
                    {"idle_siblings", pmd.idle_siblings},
                    {"ports", pmd.ports},
                    {"reason", pmd.reason}});
  }
  json guests = json::array();
  for (const auto& guest : placement.guests) guests.push_back(guest_to_json(guest));
  json hugepages = json::array();
  for (const auto& r : placement.hugepages) {
    hugepages.push_back({{"numa_node", r.numa_node},
                         {"page_size", config::page_size_name(r.page_size)},
                         {"pages", r.pages},
                         {"reserved", r.reserved},
                         {"to_reserve", r.to_reserve},
                         {"consumers", r.consumers}});
  }
  json warnings = json::array();
  for (const auto& w : placement.warnings) {
    warnings.push_back({{"subject", w.subject}, {"message", w.message}, {"cost", w.cost}});
  }
  json shortages = json::array();
  for (const auto& s : report.shortages) {
    shortages.push_back({{"subject", s.subject}, {"resource", s.resource}, {"message", s.message}});
  }
  return {{"topology", placement.topology_source},
          {"config", placement.config_origin},
          {"feasible", report.feasible()},
          {"housekeeping",
           {{"cpus", placement.housekeeping.cpus}, {"reason", placement.housekeeping.reason}}},
          {"pmds", pmds},
          {"guests", guests},
          {"hugepages", hugepages},
          {"warnings", warnings},
          {"shortages", shortages}};
}

}  // namespace nfv::topology
