#include "nfvd/views.h"

#include <fmt/format.h>

#include <ctime>

#include "nfv/cli/output.h"
#include "nfv/guests/domain_spec.h"

namespace nfv::nfvctl {

void render_nfvd_status(std::ostream& out, const api::NfvdStatus& s) {
  if (s.config_path.empty()) {
    out << "config:       none applied yet (nfvctl apply FILE)\n";
  } else {
    out << fmt::format("config:       {}\n", s.config_path);
  }
  if (!s.last_apply_time.empty()) {
    out << fmt::format("last apply:   {}: {}\n", s.last_apply_time, s.last_apply_result);
  }
  render_generation_status(out, s.generations);
  out << fmt::format("owned:        {} object(s)\n", s.owned_objects);
  out << fmt::format("switch:       {} ({})\n", s.switch_socket,
                     s.switch_reachable ? "reachable" : "not reachable");
  const api::NfvdSwitchProcess& p = s.switch_process;
  out << fmt::format("switch pid:   {} ({}{}), {} restart(s){}\n",
                     p.pid == 0 ? std::string("none") : std::to_string(p.pid), p.state,
                     p.origin.empty() ? "" : ", " + p.origin, p.restarts,
                     p.last_exit.empty() ? "" : "; last exit: " + p.last_exit);
  out << fmt::format("state dir:    {}\n", s.state_dir);
  if (!s.config_path.empty()) render_drift(out, s.drift, std::time(nullptr));
}

namespace {

// "2 s ago" from an ISO 8601 UTC time ("2026-12-07T18:02:03Z"); "" when it does not parse.
std::string age_of(const std::string& utc, std::time_t now) {
  std::tm tm{};
  const char* end = strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return "";
  std::time_t then = timegm(&tm);
  return fmt::format("{} s ago", now > then ? now - then : 0);
}

}  // namespace

void render_drift(std::ostream& out, const api::NfvdDrift& drift, std::time_t now) {
  if (drift.checked_at.empty()) {
    out << "drift:        not checked yet\n";
    return;
  }
  std::string age = age_of(drift.checked_at, now);
  std::string checked = age.empty() ? drift.checked_at : age;
  if (!drift.error.empty()) {
    out << fmt::format("drift:        the host could not be read (checked {}): {}\n", checked,
                       drift.error);
  } else if (drift.in_sync) {
    out << fmt::format("drift:        in sync with the desired state (checked {})\n", checked);
  } else {
    out << fmt::format(
        "drift:        {} object(s) changed behind nfvd's back (checked {}); "
        "nfvctl apply of the config repairs them\n",
        drift.items.size(), checked);
  }
  for (const api::NfvdDriftItem& item : drift.items) {
    out << fmt::format("drift: {} {}: {} ({})\n", item.kind, item.object, item.difference,
                       item.repair);
  }
  for (const api::NfvdForeignObject& object : drift.foreign) {
    out << fmt::format("foreign: {} {}: not nfvd's, left as it is\n", object.kind, object.object);
  }
}

void render_apply(std::ostream& out, const api::NfvdApplyResult& result) {
  out << result.text;
  out << fmt::format("applied: {} step(s); generation {}\n", result.applied, result.generation);
  if (!result.confirm_deadline.empty()) {
    out << fmt::format(
        "waiting for confirmation: run nfvctl commit before {} or generation {} is rolled "
        "back\n",
        result.confirm_deadline, result.generation);
  }
  if (!result.warnings.empty()) {
    out << fmt::format("host pre-flight: {} warning(s)\n", result.warnings.size());
    render_findings(out, result.warnings);
  }
}

void render_findings(std::ostream& out, const std::vector<api::PreflightFinding>& findings) {
  cli::Table table({"#", "SEVERITY", "SUBJECT", "FINDING"});
  for (size_t i = 0; i < findings.size(); ++i) {
    const api::PreflightFinding& f = findings[i];
    table.add({std::to_string(i + 1), f.severity, f.subject, f.message});
  }
  table.print(out);
  out << "fixes\n";
  for (size_t i = 0; i < findings.size(); ++i) {
    out << fmt::format("  {}. {}\n", i + 1, findings[i].fix);
    if (!findings[i].cost.empty()) out << fmt::format("     cost: {}\n", findings[i].cost);
  }
}

void render_check(std::ostream& out, const api::NfvdCheckResult& result) {
  if (!result.valid) {
    for (const std::string& error : result.errors) out << error << "\n";
    out << "config: invalid\n";
    return;
  }
  out << fmt::format("config: valid: {} bridge(s), {} switch port(s), {} static MAC(s)\n",
                     result.bridges, result.ports, result.static_macs);
  if (!result.preflight_note.empty()) out << "host: " << result.preflight_note << "\n";
  size_t errors = 0;
  for (const auto& finding : result.findings) errors += finding.severity == "error" ? 1 : 0;
  if (result.findings.empty()) {
    out << "host pre-flight: no finding: this host can carry the config\n";
    return;
  }
  out << fmt::format("host pre-flight: {} error(s), {} warning(s){}\n", errors,
                     result.findings.size() - errors,
                     errors > 0 ? ": nfvd refuses to apply this config here" : "");
  render_findings(out, result.findings);
}

namespace {

void print_config_line(std::ostream& out, const std::string& config_path) {
  out << (config_path.empty() ? std::string("config: none applied yet\n")
                              : fmt::format("config: {}\n", config_path));
}

// "-": not in the config; "(any)": wanted with nothing set.
std::string wanted_text(bool desired, const std::string& text) {
  if (!desired) return "-";
  return text.empty() ? "(any)" : text;
}

}  // namespace

void render_nfvd_vfs(std::ostream& out, const api::NfvdVfList& list) {
  cli::Table table({"VF", "ADDRESS", "OWNER", "DRIVER", "CONFIG", "HOST", "STATE"});
  for (const auto& vf : list.vfs) {
    bool pf_row = vf.name.find('/') == std::string::npos;
    std::string driver = pf_row || !vf.observed ? "" : (vf.driver.empty() ? "none" : vf.driver);
    table.add({vf.name, vf.address, vf.owner, driver, wanted_text(vf.desired, vf.wanted),
               vf.observed ? vf.host : "-", vf.state});
  }
  table.print(out);
  print_config_line(out, list.config_path);
}

void render_objects(std::ostream& out, const std::string& header, const api::NfvdObjectList& list) {
  auto yes_no = [](bool value) { return std::string(value ? "yes" : "no"); };
  cli::Table table({header, "OWNER", "IN CONFIG", "ON SWITCH", "STATE", "DETAIL"});
  for (const auto& object : list.objects) {
    table.add({object.name, object.owner, yes_no(object.desired), yes_no(object.observed),
               object.state, object.detail});
  }
  table.print(out);
  print_config_line(out, list.config_path);
}

// "trainer-0 gpu 0000:34:00.0 (guest 0000:03:00.0) with nic vf 0000:35:00.2 (guest
// 0000:04:00.0), PIX on the host", then where the guest reads its NCCL topology.
void print_gpus(std::ostream& out, const api::NfvdGuest& guest) {
  for (const auto& gpu : guest.gpus) {
    out << guest.name << " gpu " << gpu.gpu << " (guest " << gpu.guest_gpu << ")";
    if (!gpu.nic_vf.empty()) {
      out << " with nic vf " << gpu.nic_vf << " (guest " << gpu.guest_nic << "), " << gpu.pcie_class
          << " on the host";
    }
    out << "\n";
  }
  if (!guest.nccl_topology.empty()) {
    out << guest.name << " NCCL topology: " << guest.nccl_topology
        << " (in the guest: NCCL_TOPO_FILE=/sys/firmware/qemu_fw_cfg/by_name/"
        << guests::kNcclTopologyFwCfg << "/raw)\n";
  }
}

void render_guests(std::ostream& out, const api::NfvdGuestList& list) {
  cli::Table table(
      {"GUEST", "IN CONFIG", "DEFINED", "STATE", "SINCE", "VCPUS", "MEMORY", "PORTS", "SYNC"});
  for (const auto& guest : list.guests) {
    std::string ports;
    for (const auto& port : guest.ports) {
      ports += (ports.empty() ? "" : ", ") + port.name + (port.link ? " (up)" : " (down)");
    }
    std::string state = guest.run_state + (guest.reason.empty() ? "" : " (" + guest.reason + ")");
    table.add({guest.name, guest.desired ? "yes" : "no", guest.defined ? "yes" : "no", state,
               guest.since.empty() ? "-" : guest.since, std::to_string(guest.vcpus),
               std::to_string(guest.memory_mb) + " MB", ports.empty() ? "-" : ports, guest.sync});
  }
  table.print(out);
  out << "guests through: " << list.manager;
  if (!list.accelerator.empty()) {
    out << ", " << list.accelerator << " (" << list.accelerator_reason << ")";
  }
  out << "\n";
  for (const auto& guest : list.guests) {
    if (!guest.console_log.empty()) out << guest.name << " console: " << guest.console_log << "\n";
    print_gpus(out, guest);
  }
  print_config_line(out, list.config_path);
}

}  // namespace nfv::nfvctl
