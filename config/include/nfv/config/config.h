// The appliance config model: what the operator asks for (switch, ports, bridges, guests,
// placement policy), as plain values. Independent of hwloc and of the machine: whether a
// config fits a host is the planner's question (control/topology), not the parser's.
// Schema reference: config/SCHEMA.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nfv::config {

inline constexpr uint64_t kPageSize2M = 2ULL << 20;
inline constexpr uint64_t kPageSize1G = 1ULL << 30;

// "2M" / "1G": the spelling used in the YAML and in every output.
std::string page_size_name(uint64_t bytes);

// Host-wide settings: what the appliance must leave to the OS.
struct HostConfig {
  // Logical CPUs (as in /proc/cpuinfo, DPDK -l, isolcpus) kept for the OS, nfvd and emulator
  // threads. Unset: the planner keeps the first physical core of every package.
  std::optional<std::vector<uint32_t>> housekeeping_cpus;
  uint64_t reserved_memory_mb = 1024;         // per NUMA node, never turned into hugepages
  std::vector<std::string> reserved_devices;  // netdevs or BDFs never chosen automatically
};

// The DPDK switch. Absent from the YAML: no switch (guests then use VFs only).
struct SwitchConfig {
  bool enabled = false;
  uint32_t pmd_cores = 1;          // PMD threads, auto-placed one per physical core
  std::vector<uint32_t> pmd_cpus;  // or exactly these CPUs (non-empty overrides pmd_cores)
  uint64_t memory_mb = 1024;       // hugepage memory on every NUMA node that runs PMDs
  uint64_t hugepage_size = kPageSize2M;
};

// A physical or virtual port of the switch (vhost-user ports come from guests' interfaces).
struct PortConfig {
  std::string name;
  std::string device;  // PCI BDF or netdev name: a NIC or VF driven by DPDK
  std::string vdev;    // or a DPDK virtual device ("net_tap0,iface=nfv0"): no NUMA locality
  int line = 0;
};

struct BridgeConfig {
  std::string name;
  std::vector<std::string> ports;
  int line = 0;
};

enum class InterfaceType { kVhost, kVf };

struct InterfaceConfig {
  InterfaceType type = InterfaceType::kVhost;
  std::string bridge;  // vhost: the bridge its switch port joins
  std::string pf;      // vf: "" (auto), a PF netdev name, or a PF BDF
  int line = 0;
};

enum class GuestRole { kVnf, kAi };
// dedicated: one CPU per vCPU, pinned; shared: vCPUs float over the CPUs nobody owns.
enum class CpuPolicy { kDedicated, kShared };

struct GuestConfig {
  std::string name;
  GuestRole role = GuestRole::kVnf;
  uint32_t vcpus = 1;
  CpuPolicy cpu_policy = CpuPolicy::kDedicated;
  uint64_t memory_mb = 1024;
  uint64_t hugepage_size = kPageSize2M;
  std::optional<uint32_t> numa;  // unset: auto
  std::vector<InterfaceConfig> interfaces;
  uint32_t gpus = 0;        // ai guests: GPUs passed through
  bool nic_per_gpu = true;  // ai guests: a VF of the closest NIC for each GPU (GPUDirect RDMA)
  int line = 0;
};

enum class SmtPolicy { kIsolate, kShare };  // isolate: PMDs never share a core with vCPUs
enum class CrossNumaPolicy { kWarn, kForbid };
enum class EmulatorThreads { kHousekeeping, kDedicated };

struct PolicyConfig {
  SmtPolicy smt = SmtPolicy::kIsolate;
  CrossNumaPolicy cross_numa = CrossNumaPolicy::kWarn;
  EmulatorThreads emulator_threads = EmulatorThreads::kHousekeeping;
  // VFs a PF offers when the topology cannot say (an XML recording has no sriov_totalvfs).
  uint32_t assumed_vfs_per_pf = 8;
};

struct ApplianceConfig {
  std::string origin;  // file name or "<string>", for messages
  HostConfig host;
  SwitchConfig switch_config;
  std::vector<PortConfig> ports;
  std::vector<BridgeConfig> bridges;
  std::vector<GuestConfig> guests;
  PolicyConfig policy;

  const PortConfig* find_port(std::string_view name) const;
  const BridgeConfig* find_bridge(std::string_view name) const;
};

std::string_view to_string(InterfaceType type);
std::string_view to_string(GuestRole role);
std::string_view to_string(CpuPolicy policy);
std::string_view to_string(SmtPolicy policy);
std::string_view to_string(CrossNumaPolicy policy);
std::string_view to_string(EmulatorThreads policy);

}  // namespace nfv::config
