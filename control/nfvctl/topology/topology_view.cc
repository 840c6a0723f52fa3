// `nfvctl topology` as a tree: packages, NUMA nodes (memory, hugepages), L3 groups, cores with
// their SMT siblings, and the PCI devices local to each node.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "nfv/cli/output.h"
#include "nfv/common/strings.h"
#include "nfv/topology/pcie_distance.h"
#include "topology/views.h"

namespace nfv::nfvctl {
namespace {

constexpr size_t kMaxDescription = 60;

std::string plural(size_t count, const char* word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

std::string hugepages_text(const json& pools) {
  std::vector<std::string> parts;
  for (const auto& pool : pools) {
    std::string part =
        fmt::format("{}: {}", pool["page_size"].get<std::string>(), pool["total"].get<uint64_t>());
    if (!pool["free"].is_null()) part += fmt::format(" ({} free)", pool["free"].get<uint64_t>());
    parts.push_back(part);
  }
  return parts.empty() ? "none recorded" : join(parts, ", ");
}

std::string device_kind_text(const json& device) {
  std::string kind = device["kind"];
  if (device["vf"].get<bool>()) kind += " vf";
  if (device["rdma"].get<bool>()) kind += " rdma";
  return kind;
}

std::string device_description(const json& device) {
  std::string both =
      device["vendor"].get<std::string>() + " " + device["device"].get<std::string>();
  std::string text(trim(both));
  if (text.size() > kMaxDescription) text = text.substr(0, kMaxDescription - 3) + "...";
  if (!device["physical_function"].is_null()) {
    text += fmt::format(" (VF of {})", device["physical_function"].get<std::string>());
  }
  if (device["numa_nodes"].size() > 1) {
    text += fmt::format(" (local to nodes {})", id_list(device["numa_nodes"]));
  }
  return text;
}

void print_indented(const cli::Table& table, const std::string& indent, std::ostream& out) {
  std::ostringstream text;
  table.print(text);
  std::istringstream lines(text.str());
  for (std::string line; std::getline(lines, line);) out << indent << line << "\n";
}

void print_devices(const std::vector<const json*>& devices, const std::string& indent,
                   std::ostream& out) {
  if (devices.empty()) return;
  out << indent << "PCI devices\n";
  cli::Table table({"BDF", "KIND", "ID", "OS DEVICES", "DESCRIPTION"});
  for (const json* device : devices) {
    std::vector<std::string> names;
    for (const auto& os : (*device)["os_devices"]) names.push_back(os["name"]);
    table.add({(*device)["bdf"], device_kind_text(*device),
               fmt::format("{}:{}", (*device)["vendor_id"].get<std::string>(),
                           (*device)["device_id"].get<std::string>()),
               names.empty() ? "-" : join(names, ","), device_description(*device)});
  }
  print_indented(table, indent + "  ", out);
}

// One line per L3 group (or per node without L3 data): its cores and their CPUs, SMT siblings
// joined with '+' ("0+24 1+25"), so a core's siblings read at a glance.
void print_cores(const json& topology, uint32_t node, std::ostream& out) {
  std::vector<std::pair<json, std::vector<const json*>>> groups;
  for (const auto& core : topology["cores"]) {
    if (core["numa_node"] != node) continue;
    if (groups.empty() || groups.back().first != core["l3"]) groups.push_back({core["l3"], {}});
    groups.back().second.push_back(&core);
  }
  for (const auto& [l3, cores] : groups) {
    std::string label = "cores";
    for (const auto& group : topology["l3_groups"]) {
      if (group["id"] == l3) {
        label = fmt::format("L3 #{} ({})", l3.get<uint32_t>(), human_bytes(group["size_bytes"]));
      }
    }
    std::vector<uint32_t> ids;
    std::vector<uint32_t> all_cpus;
    std::vector<std::string> cpus;
    bool smt = false;
    for (const json* core : cores) {
      ids.push_back((*core)["id"]);
      for (const auto& cpu : (*core)["cpus"]) all_cpus.push_back(cpu);
      std::vector<std::string> siblings;
      for (const auto& cpu : (*core)["cpus"])
        siblings.push_back(std::to_string(cpu.get<uint32_t>()));
      smt = smt || siblings.size() > 1;
      cpus.push_back(join(siblings, "+"));
    }
    out << fmt::format("    {}: {} {}, CPUs {}\n", label, ids.size() == 1 ? "core" : "cores",
                       format_id_list(ids), smt ? join(cpus, " ") : format_id_list(all_cpus));
  }
}

void print_node(const json& topology, const json& node, std::ostream& out) {
  uint32_t id = node["id"];
  uint64_t memory = node["memory_bytes"];
  out << fmt::format("  node {}: memory {}; hugepages {}; CPUs {}\n", id,
                     memory == 0 ? "unknown" : human_bytes(memory),
                     hugepages_text(node["hugepages"]),
                     node["cpus"].empty() ? "none" : id_list(node["cpus"]));
  print_cores(topology, id, out);
  std::vector<const json*> devices;
  for (const auto& device : topology["pci_devices"]) {
    const auto& nodes = device["numa_nodes"];
    if (!nodes.empty() && nodes[0] == id) devices.push_back(&device);
  }
  print_devices(devices, "    ", out);
}

}  // namespace

std::string id_list(const json& ids) {
  std::vector<uint32_t> values;
  for (const auto& id : ids) values.push_back(id.get<uint32_t>());
  return format_id_list(values);
}

std::string human_bytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  if (value == static_cast<double>(static_cast<uint64_t>(value))) {
    return fmt::format("{} {}", static_cast<uint64_t>(value), kUnits[unit]);
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

void render_topology(const json& topology, std::ostream& out) {
  const auto& summary = topology["summary"];
  out << fmt::format("{}: {}, {}, {}, {}, {}\n", topology["source"].get<std::string>(),
                     plural(summary["packages"], "package"),
                     plural(summary["numa_nodes"], "NUMA node"), plural(summary["cores"], "core"),
                     plural(summary["cpus"], "CPU"), plural(summary["pci_devices"], "PCI device"));
  for (const auto& package : topology["packages"]) {
    std::string model = package["model"];
    std::string header = fmt::format("package {}{}\n", package["id"].get<uint32_t>(),
                                     model.empty() ? "" : " (" + model + ")");
    for (const auto& node : topology["numa_nodes"]) {
      if (node["package"] != package["id"]) continue;
      out << header;
      header.clear();
      print_node(topology, node, out);
    }
  }
  // Nodes spanning packages (several sockets per node, or NUMA unknown).
  for (const auto& node : topology["numa_nodes"]) {
    if (!node["package"].is_null()) continue;
    std::vector<uint32_t> packages;
    for (const auto& core : topology["cores"]) {
      if (core["numa_node"] == node["id"]) packages.push_back(core["package"]);
    }
    std::sort(packages.begin(), packages.end());
    packages.erase(std::unique(packages.begin(), packages.end()), packages.end());
    out << fmt::format("packages {}\n", format_id_list(packages));
    print_node(topology, node, out);
  }
  std::vector<const json*> unplaced;
  for (const auto& device : topology["pci_devices"]) {
    if (device["numa_nodes"].empty()) unplaced.push_back(&device);
  }
  print_devices(unplaced, "", out);
}

void render_pcie_matrix(const json& matrix, std::ostream& out) {
  const auto& devices = matrix["devices"];
  if (devices.empty()) {
    out << "no GPU or NIC on this machine\n";
    return;
  }
  std::vector<std::string> header{""};
  for (const auto& device : devices) header.push_back(device["name"]);
  cli::Table table(header);
  for (size_t r = 0; r < devices.size(); ++r) {
    std::vector<std::string> row{devices[r]["name"].get<std::string>()};
    for (const auto& cell : matrix["classes"][r]) row.push_back(cell);
    table.add(std::move(row));
  }
  table.print(out);
  out << "\n";
  using topology::PcieClass;
  for (PcieClass c :
       {PcieClass::kPix, PcieClass::kPxb, PcieClass::kPhb, PcieClass::kNode, PcieClass::kSys}) {
    out << fmt::format("  {:<5}{}\n", to_string(c), describe(c));
  }
}

}  // namespace nfv::nfvctl
