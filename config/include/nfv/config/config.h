// The appliance config model: what the operator asks for (switch, ports, bridges, guests,
// placement policy), as plain values. Independent of hwloc and of the machine: whether a
// config fits a host is the planner's question (control/topology), not the parser's.
// Schema reference: config/SCHEMA.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"

namespace nfv::config {

// Where a value was written: 1-based line and column of the YAML source.
struct SourceMark {
  int line = 0;
  int column = 0;
};
// YAML path ("bridges[0].ports[1]") -> where it was written; filled by the parser.
using SourceMap = std::map<std::string, SourceMark, std::less<>>;

// "file:line:column: path: message" (the path left out when empty).
std::string format_located(std::string_view origin, SourceMark mark, std::string_view path,
                           std::string_view message);

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
// Which side of a vhost-user socket the switch takes. client: the guests (QEMU, virtio-user)
// own the sockets and the switch reconnects, so a restarted switch gets its ports back
// without the guests noticing more than a pause.
enum class VhostMode { kClient, kServer };

struct SwitchConfig {
  bool enabled = false;
  VhostMode vhost_mode = VhostMode::kClient;
  std::string vhost_dir;           // "": the switch's default (/run/nfv/<file prefix>)
  uint32_t pmd_cores = 1;          // PMD threads, auto-placed one per physical core
  std::vector<uint32_t> pmd_cpus;  // or exactly these CPUs (non-empty overrides pmd_cores)
  uint64_t memory_mb = 1024;       // hugepage memory on every NUMA node that runs PMDs
  uint64_t hugepage_size = kPageSize2M;
  // How nfvd starts the switch process (nfv-switch's options of the same meaning).
  std::string file_prefix = "nfv-switch";  // DPDK --file-prefix: one per switch on a host
  bool no_huge = false;                    // anonymous memory instead of hugepages (tests, demo)
  uint32_t mbufs = 0;                      // mbufs per NUMA node; 0: computed by the switch
  std::vector<std::string> eal_args;       // extra EAL arguments, one word each
};

// A switch port's options, with the names, types and ranges of the switch's port.add (the
// api types are reused, so nfvd passes them on as they are). Unset: the switch's default.
struct PortOptions {
  std::optional<api::VlanConfig> vlan;
  std::optional<uint32_t> mtu;
  std::optional<uint32_t> mac_limit;
  std::optional<bool> mac_lock;
  std::optional<api::PortSecurityConfig> security;
  std::optional<api::RateConfig> rates;
  std::optional<uint32_t> queues;
  std::optional<uint32_t> tx_retries;
};

// A port of the switch that no guest owns (vhost-user ports of guests come from their
// interfaces): exactly one of device, vdev, socket.
struct PortConfig {
  std::string name;
  std::string device;  // PCI BDF or netdev name: a NIC or VF driven by DPDK
  std::string vdev;    // or a DPDK virtual device ("net_tap0,iface=nfv0"): no NUMA locality
  std::string socket;  // or a vhost-user socket (a virtio-user app): path, or file in vhost_dir
  PortOptions options;
  int line = 0;
};

// A MAC the bridge never learns or ages: frames to `mac` on `vlan` go out of `port`.
struct StaticMac {
  std::string mac;
  std::string port;
  uint32_t vlan = 0;  // 0: untagged
  int line = 0;
};

struct BridgeConfig {
  std::string name;
  std::vector<std::string> ports;
  std::optional<uint32_t> mac_table_size;  // unset: nfv-switch's --mac-table-size
  std::optional<uint32_t> mac_limit;       // most learned MACs; 0 or unset: the table's size
  std::vector<StaticMac> macs;
  int line = 0;
};

// Two ports joined back to back: every frame of one goes out of the other (no MAC table).
struct XconnectConfig {
  std::vector<std::string> ports;  // exactly two
  int line = 0;
};

enum class InterfaceType { kVhost, kVf };

struct InterfaceConfig {
  InterfaceType type = InterfaceType::kVhost;
  std::string name;           // vhost: its switch port's name (default <guest>-<index>)
  std::string bridge;         // vhost: the bridge its switch port joins ("": an xconnect's port)
  PortOptions options;        // vhost: the switch port's options
  std::string pf;             // vf: "" (auto), a PF netdev name, or a PF BDF
  std::string mac;            // the guest's MAC on it ("": derived from guest and interface names)
  uint32_t ring_size = 1024;  // vhost: descriptors per virtio queue (256, 512 or 1024)
  uint32_t vlan = 0;          // vf: VLAN the PF tags and strips for the guest (0: none)
  int line = 0;
};

enum class GuestRole { kVnf, kAi };
// hugepages: guest RAM from hugepages on its node (production); memfd: shared anonymous memory
// (tests and the demo; vhost-user still works). Both are shared, as vhost-user needs.
enum class MemoryBacking { kHugepages, kMemfd };

// How a guest boots: its own kernel (direct kernel boot) or a disk image.
struct GuestBoot {
  std::string kernel;  // absolute paths
  std::string initrd;
  std::string cmdline;
  std::string disk;  // qcow2 or raw; instead of kernel
};
// dedicated: one CPU per vCPU, pinned; shared: vCPUs float over the CPUs nobody owns.
enum class CpuPolicy { kDedicated, kShared };

struct GuestConfig {
  std::string name;
  GuestRole role = GuestRole::kVnf;
  uint32_t vcpus = 1;
  CpuPolicy cpu_policy = CpuPolicy::kDedicated;
  uint64_t memory_mb = 1024;
  uint64_t hugepage_size = kPageSize2M;
  MemoryBacking memory_backing = MemoryBacking::kHugepages;
  std::optional<uint32_t> numa;  // unset: auto
  std::vector<InterfaceConfig> interfaces;
  GuestBoot boot;
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

// One VF's settings, as the SR-IOV library applies them (nfv/sriov/vf_netlink.h VfSettings).
struct VfSettingConfig {
  uint32_t index = 0;
  std::optional<std::string> mac;
  std::optional<uint32_t> vlan;  // 0: no VLAN
  std::optional<uint32_t> qos;   // 802.1p priority of that VLAN, 0-7
  std::optional<bool> spoof_check;
  std::optional<bool> trust;
  std::optional<uint32_t> max_rate;   // Mbit/s the VF may send, 0: no limit
  std::optional<std::string> driver;  // "vfio-pci": handed to VFIO (for a guest or DPDK)
  int line = 0;
};

// A PF whose VFs the appliance creates and owns.
struct SriovPfConfig {
  std::string pf;  // netdev name or PCI BDF
  uint32_t vfs = 0;
  std::vector<VfSettingConfig> vf_settings;
  int line = 0;
};

struct ApplianceConfig {
  std::string origin;  // file name or "<string>", for messages
  HostConfig host;
  SwitchConfig switch_config;
  std::vector<PortConfig> ports;
  std::vector<BridgeConfig> bridges;
  std::vector<XconnectConfig> xconnects;
  std::vector<GuestConfig> guests;
  std::vector<SriovPfConfig> sriov;
  PolicyConfig policy;
  SourceMap marks;  // where each value was written (empty for a config built in code)

  const PortConfig* find_port(std::string_view name) const;
  const BridgeConfig* find_bridge(std::string_view name) const;
  // The port cross-connected with `port`; "" when it is in no xconnect.
  std::string xconnect_peer(std::string_view port) const;
  // An error at `path` ("origin:line:column: path: message"), at its closest written
  // ancestor when the path itself was not written.
  Error error_at(std::string_view path, std::string_view message) const;
};

std::string_view to_string(VhostMode mode);
std::string_view to_string(InterfaceType type);
std::string_view to_string(GuestRole role);
std::string_view to_string(CpuPolicy policy);
std::string_view to_string(SmtPolicy policy);
std::string_view to_string(CrossNumaPolicy policy);
std::string_view to_string(EmulatorThreads policy);

}  // namespace nfv::config
