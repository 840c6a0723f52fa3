#include <fmt/format.h>

#include "nfv/config/config.h"
#include "nfv/topology/json.h"
#include "nfv/topology/pcie_distance.h"

namespace nfv::topology {
namespace {

json optional_value(const std::optional<uint32_t>& value) {
  return value ? json(*value) : json(nullptr);
}

json node_to_json(const NumaNode& node) {
  json pools = json::array();
  for (const auto& pool : node.hugepages) {
    pools.push_back({{"page_size", config::page_size_name(pool.page_size)},
                     {"page_size_bytes", pool.page_size},
                     {"total", pool.total},
                     {"free", pool.free ? json(*pool.free) : json(nullptr)}});
  }
  return {{"id", node.id},
          {"package", optional_value(node.package)},
          {"memory_bytes", node.memory_bytes},
          {"cpus", node.cpus},
          {"hugepages", pools}};
}

json device_to_json(const PciDevice& device) {
  json os_devices = json::array();
  for (const auto& os : device.os_devices) {
    os_devices.push_back(
        {{"name", os.name}, {"type", to_string(os.type)}, {"subtype", os.subtype}});
  }
  json path = json::array();
  for (const auto& hop : device.pcie_path) path.push_back(hop.label);
  return {{"bdf", device.bdf},
          {"kind", to_string(device.kind)},
          {"class", fmt::format("{:04x}", device.class_id)},
          {"vendor_id", fmt::format("{:04x}", device.vendor_id)},
          {"device_id", fmt::format("{:04x}", device.device_id)},
          {"vendor", device.vendor_name},
          {"device", device.device_name},
          {"numa_nodes", device.numa_nodes},
          {"os_devices", os_devices},
          {"rdma", device.rdma},
          {"vf", device.is_vf},
          {"physical_function",
           device.physical_function.empty() ? json(nullptr) : json(device.physical_function)},
          {"sriov_total_vfs", optional_value(device.sriov_total_vfs)},
          {"pcie_path", path}};
}

}  // namespace

json topology_to_json(const Topology& topology) {
  json packages = json::array();
  for (const auto& package : topology.packages) {
    packages.push_back({{"id", package.id},
                        {"model", package.model},
                        {"numa_nodes", package.numa_nodes},
                        {"cores", package.cores}});
  }
  json nodes = json::array();
  for (const auto& node : topology.numa_nodes) nodes.push_back(node_to_json(node));
  json cores = json::array();
  for (const auto& core : topology.cores) {
    cores.push_back({{"id", core.id},
                     {"os_index", core.os_index},
                     {"package", core.package},
                     {"numa_node", core.numa_node},
                     {"l3", optional_value(core.l3)},
                     {"cpus", core.cpus}});
  }
  json caches = json::array();
  for (const auto& group : topology.l3_groups) {
    caches.push_back({{"id", group.id}, {"size_bytes", group.size_bytes}, {"cores", group.cores}});
  }
  json devices = json::array();
  for (const auto& device : topology.pci_devices) devices.push_back(device_to_json(device));
  return {{"source", topology.source},
          {"summary",
           {{"packages", topology.packages.size()},
            {"numa_nodes", topology.numa_nodes.size()},
            {"cores", topology.cores.size()},
            {"cpus", topology.cpu_count()},
            {"l3_groups", topology.l3_groups.size()},
            {"pci_devices", topology.pci_devices.size()}}},
          {"packages", packages},
          {"numa_nodes", nodes},
          {"cores", cores},
          {"l3_groups", caches},
          {"pci_devices", devices}};
}

json pcie_matrix_to_json(const Topology& topology) {
  std::vector<const PciDevice*> members;
  for (const auto& device : topology.pci_devices) {
    if (device.kind == DeviceKind::kGpu || (device.kind == DeviceKind::kNic && !device.is_vf)) {
      members.push_back(&device);
    }
  }
  json devices = json::array();
  json classes = json::array();
  for (const PciDevice* row : members) {
    devices.push_back(
        {{"name", row->display_name()}, {"bdf", row->bdf}, {"kind", to_string(row->kind)}});
    json line = json::array();
    for (const PciDevice* column : members) {
      line.push_back(row == column ? std::string("X")
                                   : std::string(to_string(pcie_distance(*row, *column))));
    }
    classes.push_back(line);
  }
  return {{"devices", devices}, {"classes", classes}};
}

}  // namespace nfv::topology
