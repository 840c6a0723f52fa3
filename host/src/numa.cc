#include "nfv/host/numa.h"

#include <algorithm>
#include <string>

#include "nfv/common/strings.h"
#include "nfv/host/cpulist.h"

namespace nfv::host {
namespace {

// "node3" -> 3; nullopt for every other entry ("online", "possible", "has_cpu", ...).
std::optional<uint32_t> node_id_of(std::string_view name) {
  if (!starts_with(name, "node")) return std::nullopt;
  auto id = parse_uint(name.substr(4), "node", 0, UINT32_MAX);
  if (!id) return std::nullopt;
  return static_cast<uint32_t>(*id);
}

}  // namespace

Result<std::vector<uint32_t>> read_numa_node_ids(const Sysfs& sysfs) {
  auto names = sysfs.list_if_present("devices/system/node");
  if (!names) return std::move(names).error();
  std::vector<uint32_t> ids;
  for (const std::string& name : *names) {
    if (auto id = node_id_of(name)) ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<std::vector<NumaNode>> read_numa_nodes(const Sysfs& sysfs) {
  auto ids = read_numa_node_ids(sysfs);
  if (!ids) return std::move(ids).error();
  std::vector<NumaNode> nodes;
  for (uint32_t id : *ids) {
    std::string file = "devices/system/node/node" + std::to_string(id) + "/cpulist";
    auto text = sysfs.read(file);
    if (!text) return std::move(text).error();
    auto cpus = parse_cpulist(*text, sysfs.path(file).string());
    if (!cpus) return std::move(cpus).error();
    nodes.push_back({id, std::move(*cpus)});
  }
  return nodes;
}

std::optional<uint32_t> numa_node_of_cpu(const Sysfs& sysfs, uint32_t cpu) {
  auto names = sysfs.list("devices/system/cpu/cpu" + std::to_string(cpu));
  if (!names) return std::nullopt;
  for (const std::string& name : *names) {
    if (auto id = node_id_of(name)) return id;
  }
  return std::nullopt;
}

}  // namespace nfv::host
