// nfvd's command line (Boost.Program_options), parsed without side effects.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "nfv/common/log.h"
#include "nfv/common/result.h"

namespace nfv::nfvd {

inline constexpr const char* kDefaultStateDir = "/var/lib/nfvd";
inline constexpr const char* kDefaultSocket = "/run/nfvd/nfvd.sock";
inline constexpr const char* kDefaultSwitchSocket = "/run/nfv-switch/nfv-switch.sock";

struct NfvdOptions {
  std::string config;         // --config: the desired state when the state dir has none
  bool check_config = false;  // --check-config: validate --config and exit
  std::string state_dir = kDefaultStateDir;
  std::string socket = kDefaultSocket;
  std::string socket_group;  // "": the process's group
  std::string switch_socket = kDefaultSwitchSocket;
  std::string switch_binary;  // "": nfv-switch beside nfvd, else in PATH
  std::string switch_log;     // "": <state-dir>/nfv-switch.log
  bool stop_switch_on_exit = false;
  std::string log_level = "info";
  std::string sysfs_root = "/sys";  // netdev names of ports, SR-IOV PFs and VFs
  std::string dev_root = "/dev";    // holds vfio/
  std::string vf_allocations = "/var/lib/nfv-appliance/vf-allocations.json";
  // Guests: through libvirt (the default) or not at all ("none": plans show guest steps
  // as warnings and nothing is done to VMs).
  std::string guests = "libvirt";
  std::string libvirt_uri = "qemu:///system";
  std::string guest_accel = "auto";  // auto (probe once) | kvm | tcg
  std::string guest_image = "/var/cache/nfv-appliance/guest-image";  // the probe's tiny guest
  uint32_t guest_shutdown_timeout_s = 30;                            // ACPI shutdown before destroy
  // Telemetry: samples of the switch, kept in memory; the Prometheus endpoint.
  double sample_interval_s = 1.0;
  uint32_t history_s = 300;
  std::string metrics_address = "127.0.0.1";
  uint16_t metrics_port = 9478;
  bool no_metrics = false;
  // Drift (drift_monitor.h): seconds between two checks of the host against the desired state;
  // 0: none (nfvd.drift then checks when asked).
  double drift_interval_s = 5.0;
};

enum class ParseOutcome { kRun, kExitOk };  // kExitOk: --help or --version, text printed

struct ParsedOptions {
  ParseOutcome outcome = ParseOutcome::kRun;
  NfvdOptions options;
  std::string text;  // help or version text for kExitOk
};

// "error" | "warning" | "info" | "debug"; nullopt for anything else.
std::optional<log::Level> log_level_named(std::string_view name);

// Errors are usage errors, worded for the operator ("--config is required with ...").
Result<ParsedOptions> parse_nfvd_options(int argc, const char* const* argv);

}  // namespace nfv::nfvd
