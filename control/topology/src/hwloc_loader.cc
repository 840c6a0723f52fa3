// The only file that includes hwloc: everything past it sees the plain model.
#include "nfv/topology/hwloc_loader.h"

#include <hwloc.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>

#include "nfv/common/strings.h"
#include "nfv/topology/sriov_inference.h"
#include "nfv/topology/sysfs_reader.h"

namespace nfv::topology {
namespace {

// Pages this small are the base page size, not hugepages.
constexpr uint64_t kLargestBasePage = 64 * 1024;

struct HwlocDeleter {
  void operator()(hwloc_topology* topology) const { hwloc_topology_destroy(topology); }
};
using HwlocTopology = std::unique_ptr<hwloc_topology, HwlocDeleter>;

Result<HwlocTopology> open_hwloc(const std::string* xml_path) {
  hwloc_topology_t raw = nullptr;
  if (hwloc_topology_init(&raw) != 0) {
    return make_error("hwloc: cannot initialise a topology ({})", std::strerror(errno));
  }
  HwlocTopology topology(raw);
  if (xml_path != nullptr && hwloc_topology_set_xml(raw, xml_path->c_str()) != 0) {
    return make_error("topology file {}: hwloc refuses it ({})", *xml_path, std::strerror(errno));
  }
  // Keep every bridge: PCIe switches are what PIX/PXB are made of.
  hwloc_topology_set_io_types_filter(raw, HWLOC_TYPE_FILTER_KEEP_ALL);
  hwloc_topology_set_flags(raw, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED);
  if (hwloc_topology_load(raw) != 0) {
    if (xml_path != nullptr) {
      return make_error(
          "topology file {}: not a topology hwloc {} can load ({}); record one with "
          "`lstopo-no-graphics --of xml --whole-io FILE.xml`",
          *xml_path, HWLOC_VERSION, std::strerror(errno));
    }
    return make_error("hwloc: cannot discover this machine ({})", std::strerror(errno));
  }
  return topology;
}

std::vector<uint32_t> set_bits(hwloc_const_bitmap_t set) {
  std::vector<uint32_t> bits;
  if (set == nullptr || hwloc_bitmap_weight(set) < 0) return bits;  // infinite: no meaning here
  for (int bit = hwloc_bitmap_first(set); bit >= 0; bit = hwloc_bitmap_next(set, bit)) {
    bits.push_back(static_cast<uint32_t>(bit));
  }
  return bits;
}

std::string info(hwloc_obj_t obj, const char* name) {
  const char* value = hwloc_obj_get_info_by_name(obj, name);
  return value != nullptr ? std::string(trim(value)) : "";
}

std::optional<uint32_t> ancestor_os_index(hwloc_topology_t t, hwloc_obj_type_t type,
                                          hwloc_obj_t obj) {
  hwloc_obj_t ancestor = hwloc_get_ancestor_obj_by_type(t, type, obj);
  if (ancestor == nullptr) return std::nullopt;
  return ancestor->os_index;
}

void read_numa_nodes(hwloc_topology_t t, Topology& out) {
  hwloc_obj_t obj = nullptr;
  while ((obj = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_NUMANODE, obj)) != nullptr) {
    NumaNode node;
    node.id = obj->os_index;
    node.package = ancestor_os_index(t, HWLOC_OBJ_PACKAGE, obj);
    node.memory_bytes = obj->attr->numanode.local_memory;
    for (unsigned i = 0; i < obj->attr->numanode.page_types_len; ++i) {
      const auto& type = obj->attr->numanode.page_types[i];
      if (type.size > kLargestBasePage) node.hugepages.push_back({type.size, type.count, {}});
    }
    node.cpus = set_bits(obj->cpuset);
    out.numa_nodes.push_back(std::move(node));
  }
  std::sort(out.numa_nodes.begin(), out.numa_nodes.end(),
            [](const NumaNode& a, const NumaNode& b) { return a.id < b.id; });
}

uint32_t node_of(hwloc_obj_t obj, const Topology& out) {
  auto nodes = set_bits(obj->nodeset);
  if (!nodes.empty()) return nodes.front();
  return out.numa_nodes.empty() ? 0 : out.numa_nodes.front().id;
}

Core make_core(hwloc_topology_t t, hwloc_obj_t obj, const Topology& out) {
  Core core;
  core.id = static_cast<uint32_t>(out.cores.size());
  core.os_index = obj->os_index;
  core.package = ancestor_os_index(t, HWLOC_OBJ_PACKAGE, obj).value_or(0);
  core.numa_node = node_of(obj, out);
  if (hwloc_obj_t l3 = hwloc_get_ancestor_obj_by_type(t, HWLOC_OBJ_L3CACHE, obj)) {
    core.l3 = l3->logical_index;
  }
  core.cpus = set_bits(obj->cpuset);
  return core;
}

void read_cores(hwloc_topology_t t, Topology& out) {
  // PUs in logical order; each core once, when its first PU is met. A PU without a Core
  // ancestor (some virtual machines) is a core of its own.
  std::map<hwloc_obj_t, bool> seen;
  hwloc_obj_t pu = nullptr;
  while ((pu = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_PU, pu)) != nullptr) {
    hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(t, HWLOC_OBJ_CORE, pu);
    hwloc_obj_t owner = core != nullptr ? core : pu;
    if (seen.emplace(owner, true).second) out.cores.push_back(make_core(t, owner, out));
  }
}

void read_packages_and_caches(hwloc_topology_t t, Topology& out) {
  hwloc_obj_t obj = nullptr;
  while ((obj = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_PACKAGE, obj)) != nullptr) {
    Package package;
    package.id = obj->os_index;
    package.model = info(obj, "CPUModel");
    package.numa_nodes = set_bits(obj->nodeset);
    out.packages.push_back(std::move(package));
  }
  std::sort(out.packages.begin(), out.packages.end(),
            [](const Package& a, const Package& b) { return a.id < b.id; });
  if (out.packages.empty()) {
    Package whole;  // no package recorded: the machine is one
    for (const auto& node : out.numa_nodes) whole.numa_nodes.push_back(node.id);
    out.packages.push_back(std::move(whole));
  }
  for (const auto& core : out.cores) {
    for (auto& package : out.packages) {
      if (package.id == core.package) package.cores.push_back(core.id);
    }
  }
  obj = nullptr;
  while ((obj = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_L3CACHE, obj)) != nullptr) {
    CacheGroup group;
    group.id = obj->logical_index;
    group.size_bytes = obj->attr->cache.size;
    for (const auto& core : out.cores) {
      if (core.l3 == group.id) group.cores.push_back(core.id);
    }
    out.l3_groups.push_back(std::move(group));
  }
}

OsDeviceType os_device_type(hwloc_obj_osdev_type_t type) {
  switch (type) {
    case HWLOC_OBJ_OSDEV_NETWORK:
      return OsDeviceType::kNet;
    case HWLOC_OBJ_OSDEV_OPENFABRICS:
      return OsDeviceType::kOpenFabrics;
    case HWLOC_OBJ_OSDEV_BLOCK:
      return OsDeviceType::kBlock;
    case HWLOC_OBJ_OSDEV_GPU:
      return OsDeviceType::kGpu;
    case HWLOC_OBJ_OSDEV_COPROC:
      return OsDeviceType::kCoProc;
    case HWLOC_OBJ_OSDEV_DMA:
      return OsDeviceType::kDma;
  }
  return OsDeviceType::kOther;
}

PcieHop make_hop(hwloc_obj_t bridge) {
  PcieHop hop;
  hop.id = bridge->gp_index;
  const auto& attr = bridge->attr->bridge;
  if (attr.upstream_type == HWLOC_OBJ_BRIDGE_HOST) {
    hop.host_bridge = true;
    hop.label = fmt::format("host bridge {:04x}:[{:02x}-{:02x}]", attr.downstream.pci.domain,
                            attr.downstream.pci.secondary_bus, attr.downstream.pci.subordinate_bus);
  } else {
    const auto& up = attr.upstream.pci;
    hop.label = format_bdf(up.domain, up.bus, up.dev, up.func);
  }
  return hop;
}

PciDevice make_pci_device(hwloc_topology_t t, hwloc_obj_t obj) {
  const auto& pci = obj->attr->pcidev;
  PciDevice device;
  device.domain = pci.domain;
  device.bus = pci.bus;
  device.dev = pci.dev;
  device.func = pci.func;
  device.bdf = format_bdf(pci.domain, pci.bus, pci.dev, pci.func);
  device.vendor_id = pci.vendor_id;
  device.device_id = pci.device_id;
  device.class_id = pci.class_id;
  device.vendor_name = info(obj, "PCIVendor");
  device.device_name = info(obj, "PCIDevice");
  for (hwloc_obj_t child = obj->io_first_child; child != nullptr; child = child->next_sibling) {
    if (child->type != HWLOC_OBJ_OS_DEVICE) continue;
    device.os_devices.push_back({child->name != nullptr ? child->name : "",
                                 os_device_type(child->attr->osdev.type),
                                 child->subtype != nullptr ? child->subtype : ""});
  }
  device.kind = classify_device(device.class_id, device.vendor_id, device.os_devices);
  device.rdma = is_rdma_capable(device.class_id, device.os_devices);
  for (hwloc_obj_t up = obj->parent; up != nullptr && up->type == HWLOC_OBJ_BRIDGE;
       up = up->parent) {
    device.pcie_path.push_back(make_hop(up));
  }
  std::reverse(device.pcie_path.begin(), device.pcie_path.end());
  if (hwloc_obj_t local = hwloc_get_non_io_ancestor_obj(t, obj)) {
    device.numa_nodes = set_bits(local->nodeset);
  }
  return device;
}

Topology convert(hwloc_topology_t t, std::string source) {
  Topology out;
  out.source = std::move(source);
  read_numa_nodes(t, out);
  read_cores(t, out);
  read_packages_and_caches(t, out);
  for (hwloc_obj_t obj = hwloc_get_next_pcidev(t, nullptr); obj != nullptr;
       obj = hwloc_get_next_pcidev(t, obj)) {
    out.pci_devices.push_back(make_pci_device(t, obj));
  }
  return out;
}

}  // namespace

Result<Topology> load_topology_from_xml(const std::string& path) {
  // hwloc's own message for a missing file is a bare errno; say which file.
  if (!std::ifstream(path)) {
    return make_error("topology file {}: cannot open ({})", path, std::strerror(errno));
  }
  auto hwloc = open_hwloc(&path);
  if (!hwloc) return std::move(hwloc).error();
  Topology topology = convert(hwloc->get(), path);
  if (topology.cores.empty()) {
    return make_error("topology file {}: no CPUs in it; is it an hwloc XML export?", path);
  }
  infer_virtual_functions(topology);
  return topology;
}

Result<Topology> load_live_topology(const std::string& sysfs_root) {
  auto hwloc = open_hwloc(nullptr);
  if (!hwloc) return std::move(hwloc).error();
  Topology topology = convert(hwloc->get(), "live machine");
  apply_sysfs(topology, host::Sysfs(sysfs_root));
  return topology;
}

}  // namespace nfv::topology
