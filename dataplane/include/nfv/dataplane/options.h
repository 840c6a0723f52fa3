// nfv-switch's command line: parsed into SwitchOptions, from which the EAL arguments are
// built (nobody writes EAL strings by hand; --eal-args stays for experts).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"
#include "nfv/rpc/server_limits.h"

namespace nfv::dp {

struct BridgeOption {
  std::string name;
  std::vector<std::string> ports;
};

// An idle PMD's longest sleep. Frames a guest sends meanwhile wait in its ring: a default
// 256-descriptor ring at 1 Mpps holds about 230 us of frames (the guest's driver reclaims
// used descriptors in batches), and a sleep ends late (timer slack 1 us, plus wake-up
// latency: 25-30 us typical, but 100-150 us now and then on the 2-CPU test VMs, whose idle
// vCPUs halt). 50 us + that stays inside the ring; 250 us did not, 100 us not always.
// pmd.list's late_polls shows how late the PMD really came back.
inline constexpr uint32_t kDefaultIdleSleepMaxUs = 50;

struct SwitchOptions {
  // cores and memory
  std::vector<uint32_t> pmd_cores;
  uint32_t main_core = 0;
  uint32_t memory_mb = 1024;  // per NUMA node in use
  bool no_huge = false;
  std::string file_prefix = "nfv-switch";
  uint32_t mbufs = 0;  // per NUMA node; 0 = computed
  std::string eal_args;
  // control
  std::string control_socket;  // default /run/nfv-switch/<file_prefix>.sock
  std::string socket_group;
  rpc::ServerLimits control_limits;  // clients, idle timeout, reply size
  std::string vhost_dir;             // default /run/nfv-switch/<file_prefix>
  std::string log_level = "info";
  // what control-socket clients may do beyond the defaults (port_policy.h), and the vhost
  // directory's owner, group and mode (for QEMU running as another user)
  std::vector<std::string> allowed_vdevs;       // --allow-vdev
  std::vector<std::string> allowed_vhost_dirs;  // --allow-vhost-dir
  std::string vhost_dir_owner;                  // "" keeps the owner
  std::string vhost_dir_group;                  // "" keeps the group
  uint32_t vhost_dir_mode = 0;                  // 0: 0755 when created, else kept
  bool test_clock = false;
  // forwarding
  std::vector<api::PortAddParams> ports;
  std::vector<std::pair<std::string, std::string>> xconnects;
  std::vector<BridgeOption> bridges;
  uint32_t mac_table_size = 65536;
  uint32_t mac_ageing_s = 300;
  uint32_t tx_retries = 8;
  uint32_t idle_sleep_max_us = kDefaultIdleSleepMaxUs;
  uint32_t rx_descriptors = 1024;
  uint32_t tx_descriptors = 1024;
};

enum class ParseOutcome { kRun, kExitOk };

struct ParsedOptions {
  ParseOutcome outcome = ParseOutcome::kRun;
  SwitchOptions options;
  std::string text;  // --help / --version output
};

// Parses argv. `cpu_count` bounds core numbers (and picks defaults: PMD on the last CPU, the
// main thread on the first CPU not used by a PMD). Errors name the option and the fix.
Result<ParsedOptions> parse_switch_options(int argc, const char* const* argv, uint32_t cpu_count);

// "vm1,type=vhost,path=/x.sock,queues=2" / "nic0,type=dpdk,devargs=net_tap0,iface=t0"
// (devargs= takes the rest of the string, commas included).
Result<api::PortAddParams> parse_port_spec(const std::string& spec);

// EAL lcore of PMD `index` (lcore 0 is the control thread).
inline unsigned pmd_lcore(size_t index) { return static_cast<unsigned>(index + 1); }

// The EAL argv (argv[0] first) for these options. `nodes_in_use` are the NUMA nodes whose
// memory the switch reserves (node of each core); `pci_devices` are allow-listed so EAL never
// probes a device the switch was not given.
std::vector<std::string> build_eal_args(const SwitchOptions& options,
                                        const std::vector<int>& nodes_in_use,
                                        const std::vector<std::string>& pci_devices);

}  // namespace nfv::dp
