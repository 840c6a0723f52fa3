// Properties every plan keeps, checked over generated demands (seeded, so a failure replays)
// on every recorded machine: no CPU given twice, no PMD sharing a physical core with a vCPU,
// housekeeping keeping whole cores (PMDs and dedicated vCPUs stay off their siblings),
// hugepages never over-committed, each guest on its NICs' node whenever that was possible
// (and a warning when not), GPU<->NIC pairs never worse than the best class still free, and
// the same inputs always giving the same plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "fixtures.h"
#include "nfv/topology/json.h"
#include "nfv/topology/planner.h"

namespace nfv::topology {
namespace {

using testing::fixture;

constexpr int kSeedsPerMachine = 120;

const char* const kMachines[] = {
    "16intel64-manyVFs.xml",
    "192em64t-12gr2n8c2t.xml",
    "192em64t-24n8c2t.xml",
    "24em64t-2n6c2t-pci.xml",
    "28intel64-2p2g7c-CoD.nogroups.v1tov2.xml",
    "32em64t-2n8c2t-pci-wholeio.xml",
    "96em64t-4n4d3ca2co-pci.xml",
    "AMD-19h-Zen3-2xEpyc-7763.xml",
    "devel09-pci.xml",
    "nvidiaDGX2-with-nics.xml",
    "nvidiaDGX2.xml",
    "this-vm.xml",
};

uint32_t pick(std::mt19937& rng, uint32_t low, uint32_t high) {
  return std::uniform_int_distribution<uint32_t>(low, high)(rng);
}
bool chance(std::mt19937& rng, double p) { return std::bernoulli_distribution(p)(rng); }

std::vector<const PciDevice*> nic_pfs(const Topology& topology) {
  std::vector<const PciDevice*> nics;
  for (const auto& d : topology.pci_devices) {
    if (d.kind == DeviceKind::kNic && !d.is_vf) nics.push_back(&d);
  }
  return nics;
}

bool has_gpus(const Topology& topology) {
  return std::any_of(topology.pci_devices.begin(), topology.pci_devices.end(),
                     [](const PciDevice& d) { return d.kind == DeviceKind::kGpu; });
}

// Demands sized to the machine: some fit, some fall back, some cannot be met.
config::ApplianceConfig random_config(std::mt19937& rng, const Topology& topology) {
  config::ApplianceConfig config;
  config.origin = "generated";
  size_t cpus = topology.cpu_count();
  auto nics = nic_pfs(topology);
  config.host.reserved_memory_mb = chance(rng, 0.5) ? 1024 : 4096;
  if (chance(rng, 0.3)) {
    config.host.housekeeping_cpus = std::vector<uint32_t>{topology.cores.front().cpus.front()};
  }
  if (!nics.empty() && chance(rng, 0.2)) config.host.reserved_devices = {nics.front()->bdf};
  config.policy.smt = chance(rng, 0.8) ? config::SmtPolicy::kIsolate : config::SmtPolicy::kShare;
  config.policy.cross_numa =
      chance(rng, 0.8) ? config::CrossNumaPolicy::kWarn : config::CrossNumaPolicy::kForbid;
  config.policy.emulator_threads = chance(rng, 0.7) ? config::EmulatorThreads::kHousekeeping
                                                    : config::EmulatorThreads::kDedicated;
  config.policy.assumed_vfs_per_pf = pick(rng, 0, 4);

  bool with_switch = chance(rng, 0.6);
  if (with_switch) {
    config.switch_config.enabled = true;
    config.switch_config.pmd_cores = pick(rng, 1, 3);
    if (chance(rng, 0.3)) {
      // Listed PMD CPUs, as a parsed config has them (distinct, ascending): any CPU, so some
      // land on housekeeping CPUs or their siblings.
      std::set<uint32_t> listed;
      for (uint32_t i = 0; i < config.switch_config.pmd_cores; ++i) {
        const Core& core = topology.cores[pick(rng, 0, topology.cores.size() - 1)];
        listed.insert(core.cpus[pick(rng, 0, core.cpus.size() - 1)]);
      }
      config.switch_config.pmd_cpus.assign(listed.begin(), listed.end());
      config.switch_config.pmd_cores = static_cast<uint32_t>(listed.size());
    }
    config.switch_config.memory_mb = chance(rng, 0.5) ? 1024 : 2048;
    config.switch_config.hugepage_size =
        chance(rng, 0.5) ? config::kPageSize2M : config::kPageSize1G;
    std::vector<const PciDevice*> shuffled = nics;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    size_t ports = std::min<size_t>(shuffled.size(), pick(rng, 0, 2));
    config::BridgeConfig bridge;
    bridge.name = "br0";
    for (size_t i = 0; i < ports; ++i) {
      std::string name = "p" + std::to_string(i);
      config::PortConfig& port = config.ports.emplace_back();
      port.name = name;
      port.device = shuffled[i]->bdf;
      bridge.ports.push_back(name);
    }
    if (chance(rng, 0.2)) {
      config::PortConfig& tap = config.ports.emplace_back();
      tap.name = "tap";
      tap.vdev = "net_tap0";
      bridge.ports.push_back("tap");
    }
    config.bridges.push_back(bridge);
  }
  uint32_t guests = pick(rng, 1, std::max<uint32_t>(2, static_cast<uint32_t>(cpus / 4)));
  guests = std::min<uint32_t>(guests, 24);
  for (uint32_t g = 0; g < guests; ++g) {
    config::GuestConfig guest;
    guest.name = "g" + std::to_string(g);
    guest.vcpus = pick(rng, 1, 6);
    guest.cpu_policy =
        chance(rng, 0.85) ? config::CpuPolicy::kDedicated : config::CpuPolicy::kShared;
    if (chance(rng, 0.7)) {
      guest.hugepage_size = config::kPageSize2M;
      guest.memory_mb = 512u << pick(rng, 0, 4);
    } else {
      guest.hugepage_size = config::kPageSize1G;
      guest.memory_mb = 1024u * pick(rng, 1, 8);
    }
    if (chance(rng, 0.1))
      guest.numa = topology.numa_nodes[pick(rng, 0, topology.numa_nodes.size() - 1)].id;
    uint32_t interfaces = pick(rng, 0, 2);
    for (uint32_t i = 0; i < interfaces; ++i) {
      config::InterfaceConfig interface;
      if (with_switch && chance(rng, 0.5)) {
        interface.bridge = "br0";
      } else {
        interface.type = config::InterfaceType::kVf;
        if (!nics.empty() && chance(rng, 0.2))
          interface.pf = nics[pick(rng, 0, nics.size() - 1)]->bdf;
      }
      guest.interfaces.push_back(interface);
    }
    if (has_gpus(topology) && chance(rng, 0.3)) {
      guest.role = config::GuestRole::kAi;
      guest.gpus = pick(rng, 1, 4);
      guest.nic_per_gpu = chance(rng, 0.8);
    }
    config.guests.push_back(guest);
  }
  return config;
}

// Everything the checks need to know about the machine after the plan.
struct Ownership {
  std::map<uint32_t, std::string> owner;  // CPU -> who has it
  std::map<uint32_t, const Core*> core_of;
  std::set<uint32_t> pmd_cpus;
};

Ownership ownership(const Topology& topology, const config::ApplianceConfig& config,
                    const Placement& placement, const std::string& context) {
  Ownership o;
  for (const auto& core : topology.cores) {
    for (uint32_t cpu : core.cpus) o.core_of[cpu] = &core;
  }
  auto own = [&](uint32_t cpu, const std::string& who) {
    auto [it, fresh] = o.owner.emplace(cpu, who);
    EXPECT_TRUE(fresh) << context << ": CPU " << cpu << " given to " << it->second << " and "
                       << who;
  };
  for (uint32_t cpu : placement.housekeeping.cpus) own(cpu, "housekeeping");
  for (const auto& pmd : placement.pmds) {
    own(pmd.cpu, "pmd");
    o.pmd_cpus.insert(pmd.cpu);
    for (uint32_t sibling : pmd.idle_siblings) own(sibling, "pmd sibling");
  }
  bool dedicated_emulator = config.policy.emulator_threads == config::EmulatorThreads::kDedicated;
  for (const auto& guest : placement.guests) {
    if (guest.cpu_policy == config::CpuPolicy::kDedicated) {
      for (uint32_t cpu : guest.vcpu_cpus) own(cpu, guest.name);
    }
    if (dedicated_emulator) {
      for (uint32_t cpu : guest.emulator_cpus) own(cpu, guest.name + " emulator");
    }
  }
  return o;
}

// What each physical core holds: housekeeping keeps whole cores, and a core is given either to
// PMDs or to dedicated vCPUs, never both (unless policy.smt: share, and then with a warning).
void check_physical_cores(const config::ApplianceConfig& config, const PlanReport& report,
                          const Ownership& o, const std::string& context) {
  bool isolate = config.policy.smt == config::SmtPolicy::kIsolate;
  std::set<const Core*> housekeeping;
  std::set<const Core*> pmd;
  std::map<const Core*, std::string> vcpu;  // core -> a guest with a dedicated vCPU on it
  for (uint32_t cpu : report.placement.housekeeping.cpus) housekeeping.insert(o.core_of.at(cpu));
  for (const auto& p : report.placement.pmds) pmd.insert(o.core_of.at(p.cpu));
  for (const auto& guest : report.placement.guests) {
    if (guest.cpu_policy != config::CpuPolicy::kDedicated) continue;
    for (uint32_t cpu : guest.vcpu_cpus) vcpu.emplace(o.core_of.at(cpu), guest.name);
  }
  auto warned_about = [&](const std::string& subject, const std::string& what) {
    return std::any_of(report.placement.warnings.begin(), report.placement.warnings.end(),
                       [&](const Warning& w) {
                         return w.subject == subject && w.message.find(what) != std::string::npos;
                       });
  };
  for (const Core* core : pmd) {
    if (housekeeping.count(core)) {
      EXPECT_FALSE(isolate) << context << ": a PMD on housekeeping core " << core->id;
      EXPECT_TRUE(warned_about("switch", "with housekeeping"))
          << context << ": a PMD shares housekeeping core " << core->id << " without a warning";
    }
    if (vcpu.count(core)) {
      EXPECT_FALSE(isolate) << context << ": core " << core->id << " given to a PMD and to "
                            << vcpu.at(core);
    }
  }
  for (const auto& [core, guest] : vcpu) {
    if (!housekeeping.count(core)) continue;
    EXPECT_FALSE(isolate) << context << ": " << guest << " has a vCPU on housekeeping core "
                          << core->id;
    EXPECT_TRUE(warned_about("guest " + guest, "with housekeeping"))
        << context << ": " << guest << " shares housekeeping core " << core->id
        << " without a warning";
  }
}

void check_cpus(const config::ApplianceConfig& config, const PlanReport& report, const Ownership& o,
                const std::string& context) {
  bool isolate = config.policy.smt == config::SmtPolicy::kIsolate;
  bool dedicated_emulator = config.policy.emulator_threads == config::EmulatorThreads::kDedicated;
  for (const auto& guest : report.placement.guests) {
    std::vector<uint32_t> guest_cpus = guest.vcpu_cpus;
    if (dedicated_emulator) {
      guest_cpus.insert(guest_cpus.end(), guest.emulator_cpus.begin(), guest.emulator_cpus.end());
    }
    for (uint32_t cpu : guest_cpus) {
      const Core* core = o.core_of.at(cpu);
      EXPECT_EQ(core->numa_node, guest.numa_node)
          << context << ": " << guest.name << " CPU " << cpu;
      bool shares_with_pmd = std::any_of(core->cpus.begin(), core->cpus.end(),
                                         [&](uint32_t c) { return o.pmd_cpus.count(c) > 0; });
      if (isolate) {
        EXPECT_FALSE(shares_with_pmd) << context << ": " << guest.name << " CPU " << cpu
                                      << " shares core " << core->id << " with a PMD";
      }
    }
    if (guest.cpu_policy == config::CpuPolicy::kShared) {
      for (uint32_t cpu : guest.vcpu_cpus) {
        auto it = o.owner.find(cpu);
        EXPECT_TRUE(it == o.owner.end() || it->second == "housekeeping")
            << context << ": shared guest " << guest.name << " floats over CPU " << cpu
            << " owned by " << it->second;
      }
    }
    if (report.feasible() && guest.cpu_policy == config::CpuPolicy::kDedicated) {
      EXPECT_EQ(guest.vcpu_cpus.size(), guest.vcpus) << context << ": " << guest.name;
    }
  }
  check_physical_cores(config, report, o, context);
  if (report.feasible() && config.switch_config.enabled) {
    EXPECT_EQ(report.placement.pmds.size(), config.switch_config.pmd_cores) << context;
  }
}

// Bytes each node can give to hugepages; unset when the topology does not know.
std::optional<uint64_t> budget(const Topology& topology, const config::ApplianceConfig& config,
                               uint32_t node) {
  uint64_t memory = topology.find_node(node)->memory_bytes;
  if (memory == 0) return std::nullopt;
  uint64_t reserved = config.host.reserved_memory_mb << 20;
  return memory > reserved ? memory - reserved : 0;
}

std::map<uint32_t, uint64_t> planned_bytes(const Placement& placement) {
  std::map<uint32_t, uint64_t> bytes;
  for (const auto& r : placement.hugepages) bytes[r.numa_node] += r.pages * r.page_size;
  return bytes;
}

void check_hugepages(const Topology& topology, const config::ApplianceConfig& config,
                     const PlanReport& report, const std::string& context) {
  std::map<uint32_t, uint64_t> guests;
  for (const auto& guest : report.placement.guests) {
    guests[guest.numa_node] += guest.memory_mb << 20;
    EXPECT_EQ(guest.hugepages * guest.hugepage_size, guest.memory_mb << 20) << context;
  }
  for (const auto& [node, bytes] : planned_bytes(report.placement)) {
    auto limit = budget(topology, config, node);
    if (limit) {
      EXPECT_LE(bytes, *limit) << context << ": node " << node << " over-committed";
    }
    uint64_t for_switch = bytes - guests[node];
    EXPECT_TRUE(for_switch == 0 || for_switch == config.switch_config.memory_mb << 20)
        << context << ": node " << node << " has " << for_switch << " bytes nobody asked for";
  }
}

std::vector<uint32_t> nodes_of(const Topology& topology, const PciDevice& device) {
  if (!device.numa_nodes.empty()) return device.numa_nodes;
  std::vector<uint32_t> all;
  for (const auto& node : topology.numa_nodes) all.push_back(node.id);
  return all;
}

// The NIC a name means; a hand-edited recording repeats one BDF for a NIC and a disk.
const PciDevice* find_nic(const Topology& topology, const std::string& name) {
  for (const PciDevice* d : topology.find_devices(name)) {
    if (d->kind == DeviceKind::kNic) return d;
  }
  return nullptr;
}

// Where each thing a guest talks to sits, per the topology (not per the plan).
std::vector<std::vector<uint32_t>> homes(const Topology& topology,
                                         const config::ApplianceConfig& config,
                                         const GuestPlacement& guest) {
  std::vector<std::vector<uint32_t>> out;
  for (const auto& interface : guest.interfaces) {
    if (interface.type == config::InterfaceType::kVhost) {
      std::vector<uint32_t> nodes;
      for (const auto& name : config.find_bridge(interface.bridge)->ports) {
        const config::PortConfig* port = config.find_port(name);
        if (port->device.empty()) continue;
        if (const PciDevice* d = find_nic(topology, port->device)) {
          for (uint32_t n : nodes_of(topology, *d)) nodes.push_back(n);
        }
      }
      if (!nodes.empty()) out.push_back(nodes);
    } else if (interface.vf) {
      out.push_back(nodes_of(topology, *find_nic(topology, interface.vf->pf_bdf)));
    }
  }
  for (const auto& gpu : guest.gpus) {
    out.push_back(nodes_of(topology, *topology.find_device(gpu.gpu_bdf)));
    if (gpu.nic) out.push_back(nodes_of(topology, *find_nic(topology, gpu.nic->pf_bdf)));
  }
  return out;
}

// Another CPU of the physical core of `cpu` is a housekeeping CPU.
bool beside_housekeeping(const Placement& placement, const Ownership& o, uint32_t cpu) {
  const auto& housekeeping = placement.housekeeping.cpus;
  const Core* core = o.core_of.at(cpu);
  return std::any_of(core->cpus.begin(), core->cpus.end(), [&](uint32_t c) {
    return c != cpu && std::count(housekeeping.begin(), housekeeping.end(), c) > 0;
  });
}

bool warned(const Placement& placement, const std::string& guest) {
  return std::any_of(placement.warnings.begin(), placement.warnings.end(),
                     [&](const Warning& w) { return w.subject == "guest " + guest; });
}

void check_locality(const Topology& topology, const config::ApplianceConfig& config,
                    const PlanReport& report, const Ownership& o, const std::string& context) {
  const Placement& placement = report.placement;
  auto planned = planned_bytes(placement);
  for (const auto& guest : placement.guests) {
    for (const auto& nodes : homes(topology, config, guest)) {
      if (std::count(nodes.begin(), nodes.end(), guest.numa_node)) continue;
      EXPECT_TRUE(warned(placement, guest.name) || !report.feasible())
          << context << ": " << guest.name << " is away from its devices without a warning";
    }
    if (guest.on_preferred_node()) continue;
    EXPECT_TRUE(warned(placement, guest.name) || !report.feasible())
        << context << ": " << guest.name << " off its preferred nodes without a warning";
    const config::GuestConfig& demand =
        *std::find_if(config.guests.begin(), config.guests.end(),
                      [&](const config::GuestConfig& g) { return g.name == guest.name; });
    if (demand.numa || demand.gpus > 0) continue;
    // Whenever possible: a preferred node that still has room at the end had room then.
    size_t cpus = guest.cpu_policy == config::CpuPolicy::kDedicated ? guest.vcpus : 0;
    if (config.policy.emulator_threads == config::EmulatorThreads::kDedicated) ++cpus;
    for (uint32_t node : guest.preferred_nodes) {
      size_t free = 0;
      for (uint32_t cpu : topology.find_node(node)->cpus) {
        free += o.owner.count(cpu) == 0 && (config.policy.smt == config::SmtPolicy::kShare ||
                                            !beside_housekeeping(report.placement, o, cpu));
      }
      auto limit = budget(topology, config, node);
      bool memory_fits = !limit || *limit - planned[node] >= (guest.memory_mb << 20);
      EXPECT_FALSE(free >= cpus && memory_fits)
          << context << ": " << guest.name << " left node " << node << " which still has " << free
          << " free CPUs and room for its memory";
    }
  }
}

// A PF's VF capacity by the planner's documented rule, and whether automatic choices use it.
uint32_t capacity(const Topology& topology, const config::ApplianceConfig& config,
                  const PciDevice& pf) {
  if (pf.sriov_total_vfs) return *pf.sriov_total_vfs;
  uint32_t recorded = 0;
  for (const auto& d : topology.pci_devices) {
    if (!d.is_vf || d.physical_function != pf.bdf) continue;
    bool is_port = std::any_of(
        config.ports.begin(), config.ports.end(),
        [&](const config::PortConfig& p) { return !p.device.empty() && d.matches(p.device); });
    recorded += !is_port;
  }
  return recorded > 0 ? recorded : config.policy.assumed_vfs_per_pf;
}

bool automatic(const config::ApplianceConfig& config, const PciDevice& pf) {
  for (const auto& port : config.ports) {
    if (!port.device.empty() && pf.matches(port.device)) return false;
  }
  for (const auto& name : config.host.reserved_devices) {
    if (pf.matches(name)) return false;
  }
  return true;
}

void check_gpu_pairs(const Topology& topology, const config::ApplianceConfig& config,
                     const PlanReport& report, const std::string& context) {
  std::map<std::string, uint32_t> used;
  for (const auto& guest : report.placement.guests) {
    for (const auto& interface : guest.interfaces) {
      if (interface.vf) ++used[interface.vf->pf_bdf];
    }
    for (const auto& gpu : guest.gpus) {
      if (gpu.nic) ++used[gpu.nic->pf_bdf];
    }
  }
  for (const PciDevice* pf : nic_pfs(topology)) {
    EXPECT_LE(used[pf->bdf], capacity(topology, config, *pf)) << context << ": " << pf->bdf;
  }
  for (const auto& guest : report.placement.guests) {
    for (const auto& gpu : guest.gpus) {
      if (!gpu.nic) continue;
      const PciDevice& device = *topology.find_device(gpu.gpu_bdf);
      for (const PciDevice* pf : nic_pfs(topology)) {
        if (!automatic(config, *pf) || used[pf->bdf] >= capacity(topology, config, *pf)) continue;
        EXPECT_GE(pcie_distance(device, *pf), *gpu.pcie_class)
            << context << ": GPU " << gpu.gpu_bdf << " paired at " << to_string(*gpu.pcie_class)
            << " while " << pf->bdf << " is free and closer";
      }
    }
  }
}

class PlannerProperties : public ::testing::TestWithParam<const char*> {};

TEST_P(PlannerProperties, HoldOverGeneratedDemands) {
  const Topology& topology = fixture(GetParam());
  int feasible = 0;
  for (int seed = 1; seed <= kSeedsPerMachine; ++seed) {
    std::mt19937 rng(static_cast<uint32_t>(seed));
    config::ApplianceConfig config = random_config(rng, topology);
    std::string context = std::string(GetParam()) + " seed " + std::to_string(seed);
    PlanReport report = plan_placement(topology, config);
    feasible += report.feasible();
    Ownership o = ownership(topology, config, report.placement, context);
    check_cpus(config, report, o, context);
    check_hugepages(topology, config, report, context);
    check_locality(topology, config, report, o, context);
    check_gpu_pairs(topology, config, report, context);
    for (const auto& shortage : report.shortages) {
      EXPECT_FALSE(shortage.subject.empty() || shortage.resource.empty() ||
                   shortage.message.empty())
          << context;
    }
    EXPECT_EQ(plan_to_json(plan_placement(topology, config)).dump(), plan_to_json(report).dump())
        << context << ": same inputs, different plan";
    if (HasFailure()) {
      ADD_FAILURE() << "first failing case: " << context << "; its plan:\n"
                    << plan_to_json(report).dump(2);
      return;
    }
  }
  // The generator must exercise both outcomes, or the properties above prove little.
  EXPECT_GT(feasible, 0) << GetParam();
  EXPECT_LT(feasible, kSeedsPerMachine) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Recorded, PlannerProperties, ::testing::ValuesIn(kMachines),
                         [](const auto& param_info) {
                           return testing::test_name_for(param_info.param);
                         });

}  // namespace
}  // namespace nfv::topology
