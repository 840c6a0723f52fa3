#include "nfv/topology/model.h"

#include <fmt/format.h>

#include <algorithm>

namespace nfv::topology {
namespace {

constexpr uint16_t kVendorNvidia = 0x10de;

bool has_os_device(const std::vector<OsDevice>& devices, OsDeviceType type) {
  return std::any_of(devices.begin(), devices.end(),
                     [type](const OsDevice& d) { return d.type == type; });
}

bool computes(const std::vector<OsDevice>& devices) {
  return std::any_of(devices.begin(), devices.end(), [](const OsDevice& d) {
    return d.type == OsDeviceType::kCoProc || d.subtype == "CUDA" || d.subtype == "OpenCL" ||
           d.subtype == "NVML";
  });
}

}  // namespace

const host::HugepagePool* NumaNode::hugepages_of_size(uint64_t page_size) const {
  for (const auto& pool : hugepages) {
    if (pool.page_size == page_size) return &pool;
  }
  return nullptr;
}

std::string PciDevice::netdev() const {
  for (const auto& os : os_devices) {
    if (os.type == OsDeviceType::kNet) return os.name;
  }
  return "";
}

std::string PciDevice::display_name() const {
  std::string net = netdev();
  if (!net.empty()) return net;
  return os_devices.empty() ? bdf : os_devices.front().name;
}

bool PciDevice::matches(std::string_view name) const {
  if (name == bdf) return true;
  // "3b:00.0" is "0000:3b:00.0" in domain 0.
  if (domain == 0 && bdf.size() > 5 && name == std::string_view(bdf).substr(5)) return true;
  return std::any_of(os_devices.begin(), os_devices.end(),
                     [name](const OsDevice& os) { return os.name == name; });
}

size_t Topology::cpu_count() const {
  size_t count = 0;
  for (const auto& core : cores) count += core.cpus.size();
  return count;
}

const NumaNode* Topology::find_node(uint32_t id) const {
  for (const auto& node : numa_nodes) {
    if (node.id == id) return &node;
  }
  return nullptr;
}

std::vector<const PciDevice*> Topology::find_devices(std::string_view name) const {
  std::vector<const PciDevice*> found;
  for (const auto& device : pci_devices) {
    if (device.matches(name)) found.push_back(&device);
  }
  return found;
}

const PciDevice* Topology::find_device(std::string_view name) const {
  auto found = find_devices(name);
  return found.empty() ? nullptr : found.front();
}

std::string_view to_string(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::kNic:
      return "nic";
    case DeviceKind::kGpu:
      return "gpu";
    case DeviceKind::kNvme:
      return "nvme";
    case DeviceKind::kStorage:
      return "storage";
    case DeviceKind::kDisplay:
      return "display";
    case DeviceKind::kAccelerator:
      return "accelerator";
    case DeviceKind::kOther:
      return "other";
  }
  return "other";
}

std::string_view to_string(OsDeviceType type) {
  switch (type) {
    case OsDeviceType::kNet:
      return "net";
    case OsDeviceType::kOpenFabrics:
      return "openfabrics";
    case OsDeviceType::kBlock:
      return "block";
    case OsDeviceType::kGpu:
      return "gpu";
    case OsDeviceType::kCoProc:
      return "coproc";
    case OsDeviceType::kDma:
      return "dma";
    case OsDeviceType::kOther:
      return "other";
  }
  return "other";
}

DeviceKind classify_device(uint16_t class_id, uint16_t vendor_id,
                           const std::vector<OsDevice>& os_devices) {
  uint16_t base = class_id >> 8;
  if (base == 0x02 || class_id == 0x0c06) return DeviceKind::kNic;  // network, InfiniBand
  if (class_id == 0x0108) return DeviceKind::kNvme;
  if (base == 0x01) return DeviceKind::kStorage;
  if (class_id == 0x0302) return DeviceKind::kGpu;  // 3D controller: compute GPUs
  if (base == 0x03) {
    return vendor_id == kVendorNvidia || computes(os_devices) ? DeviceKind::kGpu
                                                              : DeviceKind::kDisplay;
  }
  if (base == 0x12) return DeviceKind::kAccelerator;  // processing accelerators
  return DeviceKind::kOther;
}

bool is_rdma_capable(uint16_t class_id, const std::vector<OsDevice>& os_devices) {
  return class_id == 0x0207 || class_id == 0x0c06 ||
         has_os_device(os_devices, OsDeviceType::kOpenFabrics);
}

bool is_known_vf_device(uint16_t vendor_id, uint16_t device_id) {
  struct Id {
    uint16_t vendor, device;
  };
  // Intel 82576/I350/82599/X540/X710/X722/E810 (iavf), Mellanox ConnectX-3..7,
  // Broadcom NetXtreme-E, Cisco VIC usNIC.
  static constexpr Id kVfs[] = {
      {0x8086, 0x10ca}, {0x8086, 0x1520}, {0x8086, 0x10ed}, {0x8086, 0x1515}, {0x8086, 0x154c},
      {0x8086, 0x37cd}, {0x8086, 0x1889}, {0x15b3, 0x1004}, {0x15b3, 0x1014}, {0x15b3, 0x1016},
      {0x15b3, 0x1018}, {0x15b3, 0x101a}, {0x15b3, 0x101c}, {0x15b3, 0x101e}, {0x14e4, 0x16dc},
      {0x14e4, 0x1807}, {0x1137, 0x00cf},
  };
  return std::any_of(std::begin(kVfs), std::end(kVfs), [&](const Id& id) {
    return id.vendor == vendor_id && id.device == device_id;
  });
}

std::string format_bdf(uint32_t domain, uint32_t bus, uint32_t dev, uint32_t func) {
  return fmt::format("{:04x}:{:02x}:{:02x}.{:x}", domain, bus, dev, func);
}

}  // namespace nfv::topology
