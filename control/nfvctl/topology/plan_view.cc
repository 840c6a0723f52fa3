// `nfvctl plan` as tables an operator can read top to bottom: housekeeping, PMDs, guests,
// their devices, hugepages; then every reason, then the warnings with their cost.
#include <fmt/format.h>

#include "nfv/cli/output.h"
#include "nfv/common/strings.h"
#include "topology/views.h"

namespace nfv::nfvctl {
namespace {

std::string dash_if_empty(const std::string& text) { return text.empty() ? "-" : text; }

std::string vhost_text(const json& interface) {
  if (interface.contains("xconnect")) {
    return "vhost-user xconnect " + interface["xconnect"].get<std::string>();
  }
  return "vhost-user on " + interface["bridge"].get<std::string>();
}

std::string vf_text(const json& vf) {
  std::string text =
      fmt::format("VF {} of {}", vf["vf_index"].get<uint32_t>(), vf["pf_name"].get<std::string>());
  if (!vf["vf"].is_null()) text += " = " + vf["vf"].get<std::string>();
  return text;
}

void print_pmds(const json& plan, std::ostream& out) {
  if (plan["pmds"].empty()) return;
  out << "\nPMD threads\n";
  cli::Table table({"CPU", "CORE", "NODE", "IDLE SIBLINGS", "POLLS"});
  for (const auto& pmd : plan["pmds"]) {
    std::vector<std::string> ports = pmd["ports"];
    table.add({std::to_string(pmd["cpu"].get<uint32_t>()),
               std::to_string(pmd["core"].get<uint32_t>()),
               std::to_string(pmd["numa_node"].get<uint32_t>()),
               dash_if_empty(id_list(pmd["idle_siblings"])), dash_if_empty(join(ports, ", "))});
  }
  table.print(out);
}

void print_guests(const json& plan, std::ostream& out) {
  if (plan["guests"].empty()) return;
  out << "\nguests\n";
  cli::Table table(
      {"GUEST", "NODE", "VCPUS", "CPU POLICY", "CPUS (vCPU 0, 1, ...)", "EMULATOR", "MEMORY"});
  for (const auto& guest : plan["guests"]) {
    table.add({guest["name"], std::to_string(guest["numa_node"].get<uint32_t>()),
               std::to_string(guest["vcpus"].get<uint32_t>()), guest["cpu_policy"],
               dash_if_empty(id_list(guest["vcpu_cpus"])),
               dash_if_empty(id_list(guest["emulator_cpus"])),
               fmt::format("{} MB ({} x {})", guest["memory_mb"].get<uint64_t>(),
                           guest["hugepages"].get<uint64_t>(),
                           guest["hugepage_size"].get<std::string>())});
  }
  table.print(out);
}

void print_devices(const json& plan, std::ostream& out) {
  cli::Table table({"GUEST", "WHAT", "DEVICE", "NODE", "PCIE"});
  size_t rows = 0;
  for (const auto& guest : plan["guests"]) {
    const std::string& name = guest["name"].get_ref<const std::string&>();
    for (const auto& gpu : guest["gpus"]) {
      std::string node = std::to_string(gpu["numa_node"].get<uint32_t>());
      table.add({name, "gpu",
                 fmt::format("{} ({})", gpu["gpu"].get<std::string>(),
                             gpu["gpu_name"].get<std::string>()),
                 node, "-"});
      if (!gpu["nic"].is_null()) {
        std::string pcie = gpu["pcie_class"].get<std::string>();
        std::string shared = gpu.value("shared_switch", "");
        if (!shared.empty()) pcie += " (switch " + shared + ")";
        table.add({name, "  its nic", vf_text(gpu["nic"]),
                   std::to_string(gpu["nic"]["numa_node"].get<uint32_t>()), pcie});
      }
      rows += 2;
    }
    for (const auto& interface : guest["interfaces"]) {
      std::string what = fmt::format("interfaces[{}]", interface["index"].get<size_t>());
      std::string device = interface["type"] == "vhost"
                               ? vhost_text(interface)
                               : (interface["vf"].is_null() ? "-" : vf_text(interface["vf"]));
      std::string node = interface["numa_node"].is_null()
                             ? "-"
                             : std::to_string(interface["numa_node"].get<uint32_t>());
      table.add({name, what, device, node, "-"});
      ++rows;
    }
  }
  if (rows == 0) return;
  out << "\ndevices\n";
  table.print(out);
}

void print_hugepages(const json& plan, std::ostream& out) {
  if (plan["hugepages"].empty()) return;
  out << "\nhugepages\n";
  cli::Table table({"NODE", "SIZE", "PAGES", "RESERVED NOW", "TO RESERVE", "FOR"});
  for (const auto& r : plan["hugepages"]) {
    std::vector<std::string> consumers = r["consumers"];
    table.add({std::to_string(r["numa_node"].get<uint32_t>()), r["page_size"],
               std::to_string(r["pages"].get<uint64_t>()),
               std::to_string(r["reserved"].get<uint64_t>()),
               std::to_string(r["to_reserve"].get<uint64_t>()), join(consumers, ", ")});
  }
  table.print(out);
}

void print_reasons(const json& plan, std::ostream& out) {
  out << "\nreasons\n";
  out << fmt::format("  housekeeping: {}\n", plan["housekeeping"]["reason"].get<std::string>());
  for (const auto& pmd : plan["pmds"]) {
    out << fmt::format("  PMD on CPU {}: {}\n", pmd["cpu"].get<uint32_t>(),
                       pmd["reason"].get<std::string>());
  }
  for (const auto& guest : plan["guests"]) {
    const std::string& name = guest["name"].get_ref<const std::string&>();
    out << fmt::format("  {} node: {}\n", name, guest["node_reason"].get<std::string>());
    out << fmt::format("  {} vCPUs: {}\n", name, guest["vcpu_reason"].get<std::string>());
    out << fmt::format("  {} emulator: {}\n", name, guest["emulator_reason"].get<std::string>());
    for (const auto& gpu : guest["gpus"]) {
      out << fmt::format("  {} gpu {}: {}\n", name, gpu["gpu"].get<std::string>(),
                         gpu["reason"].get<std::string>());
    }
    for (const auto& interface : guest["interfaces"]) {
      out << fmt::format("  {} interfaces[{}]: {}\n", name, interface["index"].get<size_t>(),
                         interface["reason"].get<std::string>());
    }
  }
}

}  // namespace

void render_plan(const json& plan, std::ostream& out) {
  out << fmt::format("plan for {} on {}\n", plan["config"].get<std::string>(),
                     plan["topology"].get<std::string>());
  out << fmt::format("\nhousekeeping CPUs: {}\n",
                     dash_if_empty(id_list(plan["housekeeping"]["cpus"])));
  print_pmds(plan, out);
  print_guests(plan, out);
  print_devices(plan, out);
  print_hugepages(plan, out);
  print_reasons(plan, out);
  const auto& warnings = plan["warnings"];
  if (warnings.empty()) return;
  out << fmt::format("\nwarnings ({})\n", warnings.size());
  for (const auto& w : warnings) {
    out << fmt::format("  {}: {}\n    cost: {}\n", w["subject"].get<std::string>(),
                       w["message"].get<std::string>(), w["cost"].get<std::string>());
  }
}

}  // namespace nfv::nfvctl
