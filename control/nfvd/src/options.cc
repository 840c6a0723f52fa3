#include "nfv/nfvd/options.h"

#include <boost/program_options.hpp>
#include <sstream>
#include <utility>

namespace nfv::nfvd {
namespace {

namespace po = boost::program_options;

constexpr const char* kAbout =
    "nfvd: the appliance daemon. Reads the appliance config (config/SCHEMA.md), shows what a\n"
    "change would do (nfvctl diff) and brings nfv-switch to it (nfvctl apply), all or nothing.\n"
    "It keeps nfv-switch running: a switch answering on --switch-socket is adopted as it is;\n"
    "otherwise nfvd starts one (--switch-binary) from the config's switch: section. When the\n"
    "switch dies nfvd restarts it and replays the desired state. Stopping nfvd leaves the\n"
    "switch running (unless --stop-switch-on-exit). Runs in the foreground.\n\n"
    "The desired state: the config last applied (kept in --state-dir), or --config when the\n"
    "state directory holds none yet. SIGHUP re-reads the file of the last apply and applies\n"
    "it; a file that is broken changes nothing and the log says why.\n\n";

void add_sriov_options(po::options_description& options, NfvdOptions& o) {
  options.add_options()("sysfs-root", po::value(&o.sysfs_root)->default_value(o.sysfs_root),
                        "sysfs of the host: ports' netdev names (device: eth4) become PCI "
                        "addresses, SR-IOV PFs and VFs are read and written under it")(
      "dev-root", po::value(&o.dev_root)->default_value(o.dev_root),
      "directory holding vfio/ (VFIO's group nodes)")(
      "vf-allocations", po::value(&o.vf_allocations)->default_value(o.vf_allocations),
      "allocation file of `nfvctl vf bind`, adopted once into the state dir, then renamed");
}

void add_guest_options(po::options_description& options, NfvdOptions& o) {
  options.add_options()("guests", po::value(&o.guests)->default_value(o.guests),
                        "libvirt: guests[] become libvirt domains nfvd defines, starts, stops "
                        "and removes; none: nothing is done to VMs (plans say what would be)")(
      "libvirt-uri", po::value(&o.libvirt_uri)->default_value(o.libvirt_uri),
      "libvirt connection of the guests")(
      "guest-accel", po::value(&o.guest_accel)->default_value(o.guest_accel),
      "auto: boot the tiny guest under KVM once with a short timeout, TCG if it does not "
      "boot; kvm; tcg")("guest-image", po::value(&o.guest_image)->default_value(o.guest_image),
                        "directory of the tiny guest (scripts/guest-image) the probe boots")(
      "guest-shutdown-timeout",
      po::value(&o.guest_shutdown_timeout_s)->default_value(o.guest_shutdown_timeout_s),
      "seconds a guest has to power off after ACPI shutdown before it is destroyed");
}

void add_telemetry_options(po::options_description& options, NfvdOptions& o) {
  options.add_options()("sample-interval",
                        po::value(&o.sample_interval_s)->default_value(o.sample_interval_s),
                        "seconds between two samples of the switch's counters (0.1 to 60)")(
      "history", po::value(&o.history_s)->default_value(o.history_s),
      "seconds of samples kept in memory for nfvctl top --seconds and nfvd.telemetry")(
      "metrics-address", po::value(&o.metrics_address)->default_value(o.metrics_address),
      "address of the Prometheus endpoint (http://ADDRESS:PORT/metrics)")(
      "metrics-port", po::value(&o.metrics_port)->default_value(o.metrics_port),
      "port of the Prometheus endpoint; 0 picks a free one (logged)")(
      "no-metrics", po::bool_switch(&o.no_metrics), "serve no Prometheus endpoint")(
      "drift-interval", po::value(&o.drift_interval_s)->default_value(o.drift_interval_s),
      "seconds between two drift checks of the host against the desired state (fractions "
      "allowed, at least 0.05; 0: no periodic check)");
}

po::options_description describe(NfvdOptions& o) {
  po::options_description options("Options");
  options.add_options()("help,h", "this help")("version", "print the version")(
      "config,c", po::value(&o.config),
      "config file: the desired state at start when --state-dir holds no applied config")(
      "check-config", po::bool_switch(&o.check_config),
      "parse, validate and map --config, print errors as file:line:column, exit 0 or 1; "
      "touches nothing")("state-dir", po::value(&o.state_dir)->default_value(o.state_dir),
                         "where the applied config and the objects nfvd owns are kept")(
      "socket", po::value(&o.socket)->default_value(o.socket),
      "nfvd's control socket (JSON-RPC, mode 0660)")(
      "socket-group", po::value(&o.socket_group),
      "group of the control socket (default: nfvd's own)")(
      "switch-socket", po::value(&o.switch_socket)->default_value(o.switch_socket),
      "control socket of the nfv-switch nfvd adopts, or starts and programs")(
      "switch-binary", po::value(&o.switch_binary),
      "nfv-switch to start when none answers (default: the one beside nfvd, else in PATH)")(
      "switch-log", po::value(&o.switch_log),
      "file the output of a started switch is appended to (default: STATE_DIR/nfv-switch.log)")(
      "stop-switch-on-exit", po::bool_switch(&o.stop_switch_on_exit),
      "stop the switch nfvd started when nfvd stops (default: leave it forwarding)")(
      "log-level", po::value(&o.log_level)->default_value(o.log_level),
      "error | warning | info | debug");
  add_sriov_options(options, o);
  add_guest_options(options, o);
  add_telemetry_options(options, o);
  return options;
}

}  // namespace

std::optional<log::Level> log_level_named(std::string_view name) {
  static constexpr std::pair<std::string_view, log::Level> kLevels[] = {
      {"error", log::Level::kError},
      {"warning", log::Level::kWarning},
      {"info", log::Level::kInfo},
      {"debug", log::Level::kDebug}};
  for (const auto& [level_name, level] : kLevels) {
    if (level_name == name) return level;
  }
  return std::nullopt;
}

Result<ParsedOptions> parse_nfvd_options(int argc, const char* const* argv) {
  ParsedOptions parsed;
  po::options_description options = describe(parsed.options);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return make_error("{} (see: nfvd --help)", e.what());
  }
  if (vm.count("help")) {
    std::ostringstream text;
    text << "usage: nfvd [OPTIONS]\n\n" << kAbout << options;
    parsed.outcome = ParseOutcome::kExitOk;
    parsed.text = text.str();
    return parsed;
  }
  if (vm.count("version")) {
    parsed.outcome = ParseOutcome::kExitOk;
    parsed.text = std::string("nfvd ") + NFV_VERSION + "\n";
    return parsed;
  }
  if (parsed.options.check_config && parsed.options.config.empty()) {
    return make_error("--check-config needs --config FILE");
  }
  if (parsed.options.guests != "libvirt" && parsed.options.guests != "none") {
    return make_error("--guests {}: expected libvirt or none", parsed.options.guests);
  }
  const std::string& accel = parsed.options.guest_accel;
  if (accel != "auto" && accel != "kvm" && accel != "tcg") {
    return make_error("--guest-accel {}: expected auto, kvm or tcg", accel);
  }
  if (parsed.options.sample_interval_s < 0.1 || parsed.options.sample_interval_s > 60) {
    return make_error("--sample-interval {}: expected 0.1 to 60 seconds",
                      parsed.options.sample_interval_s);
  }
  double drift = parsed.options.drift_interval_s;
  if (drift != 0 && (drift < 0.05 || drift > 3600)) {
    return make_error("--drift-interval {}: expected 0 (off) or 0.05 to 3600 seconds", drift);
  }
  if (parsed.options.history_s < 1 || parsed.options.history_s > 86400) {
    return make_error("--history {}: expected 1 to 86400 seconds", parsed.options.history_s);
  }
  // Each sample holds every port: memory, and the copy a reader takes, grow with the count.
  constexpr double kMaxSamples = 10000;
  if (parsed.options.history_s / parsed.options.sample_interval_s > kMaxSamples) {
    return make_error(
        "--history {} at --sample-interval {} keeps more than {} samples: keep "
        "less history or sample less often",
        parsed.options.history_s, parsed.options.sample_interval_s, kMaxSamples);
  }
  if (!log_level_named(parsed.options.log_level)) {
    return make_error("--log-level {}: expected error, warning, info or debug",
                      parsed.options.log_level);
  }
  return parsed;
}

}  // namespace nfv::nfvd
