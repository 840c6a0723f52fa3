// What the planner decides: where the PMDs, guest vCPUs, emulator threads, hugepages, VFs and
// GPU<->NIC pairs go. Every decision carries its reason; a fallback is a Warning with its cost;
// a demand that cannot be met is a Shortage naming the missing resource.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nfv/config/config.h"
#include "nfv/topology/pcie_distance.h"

namespace nfv::topology {

// A fallback the plan accepted: what happened, what it costs, how to avoid it.
struct Warning {
  std::string subject;  // "guest vnf3", "port uplink1", "node 2"
  std::string message;
  std::string cost;
};

// A demand the machine cannot meet.
struct Shortage {
  std::string subject;   // "guest vnf3", "switch", "port uplink0"
  std::string resource;  // "CPUs", "hugepage memory", "VFs", "GPUs", "NICs", "device", ...
  std::string message;   // what is needed and what is left where
};

struct HousekeepingPlacement {
  std::vector<uint32_t> cpus;
  std::string reason;
};

struct PmdPlacement {
  uint32_t cpu = 0;
  uint32_t core = 0;  // Core::id
  uint32_t numa_node = 0;
  std::vector<uint32_t> idle_siblings;  // kept off-limits to vCPUs (smt: isolate)
  std::vector<std::string> ports;       // switch ports this PMD polls
  std::string reason;
};

struct VfAssignment {
  std::string pf_bdf;
  std::string pf_name;                // netdev, else BDF
  uint32_t vf_index = 0;              // which of the PF's VFs (0-based)
  std::optional<std::string> vf_bdf;  // an existing VF; unset: created when the plan is applied
  uint32_t numa_node = 0;
};

struct InterfacePlacement {
  size_t index = 0;  // position in the guest's interfaces
  config::InterfaceType type = config::InterfaceType::kVhost;
  std::string bridge;                 // vhost in a bridge
  std::string xconnect;               // vhost in a cross-connect: the port it is joined with
  std::optional<VfAssignment> vf;     // vf
  std::optional<uint32_t> numa_node;  // where its traffic enters the host; unset: anywhere
  std::string reason;
};

struct GpuPlacement {
  std::string gpu_bdf;
  std::string gpu_name;
  uint32_t numa_node = 0;
  std::optional<VfAssignment> nic;  // the paired NIC (a VF of it), when nic_per_gpu
  std::optional<PcieClass> pcie_class;
  // The PCIe switch the GPU and its NIC share on the host (its upstream port's BDF), when
  // they are PIX: the guest gets a virtual switch for them. "" otherwise.
  std::string shared_switch;
  std::string reason;
};

struct GuestPlacement {
  std::string name;
  uint32_t numa_node = 0;
  std::vector<uint32_t> preferred_nodes;  // where its NICs and GPUs are; empty: no preference
  std::string node_reason;
  config::CpuPolicy cpu_policy = config::CpuPolicy::kDedicated;
  uint32_t vcpus = 0;
  // dedicated: vCPU i is pinned to vcpu_cpus[i]; shared: every vCPU floats over these CPUs.
  std::vector<uint32_t> vcpu_cpus;
  std::string vcpu_reason;
  std::vector<uint32_t> emulator_cpus;
  std::string emulator_reason;
  uint64_t memory_mb = 0;
  uint64_t hugepage_size = 0;
  uint64_t hugepages = 0;
  std::vector<InterfacePlacement> interfaces;
  std::vector<GpuPlacement> gpus;

  bool on_preferred_node() const;
};

// Hugepages one NUMA node needs, of one size, against what is reserved there now.
struct HugepageReservation {
  uint32_t numa_node = 0;
  uint64_t page_size = 0;
  uint64_t pages = 0;     // needed by the plan
  uint64_t reserved = 0;  // reserved on the machine now
  uint64_t to_reserve = 0;
  std::vector<std::string> consumers;  // "switch 1024 MB", "vnf1 4096 MB"
};

struct Placement {
  std::string topology_source;
  std::string config_origin;
  HousekeepingPlacement housekeeping;
  std::vector<PmdPlacement> pmds;
  std::vector<GuestPlacement> guests;
  std::vector<HugepageReservation> hugepages;
  std::vector<Warning> warnings;
};

// The planner's full answer: a placement, or the list of what is short (then the placement is
// partial and must not be applied).
struct PlanReport {
  Placement placement;
  std::vector<Shortage> shortages;

  bool feasible() const { return shortages.empty(); }
};

}  // namespace nfv::topology
