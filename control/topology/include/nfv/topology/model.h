// The machine as the planner sees it: packages, NUMA nodes (memory, hugepages), physical cores
// and their SMT siblings, L3 groups, and PCI devices with their NUMA locality and PCIe path.
// Plain values, no hwloc types: built by the hwloc adapter (hwloc_loader.h) or by hand in tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/host/hugepages.h"

namespace nfv::topology {

struct NumaNode {
  uint32_t id = 0;                  // OS index: nodeN in sysfs
  std::optional<uint32_t> package;  // unset when the node's CPUs span packages or it has none
  uint64_t memory_bytes = 0;        // 0 when the recording does not say
  std::vector<host::HugepagePool> hugepages;  // ascending page size
  std::vector<uint32_t> cpus;                 // logical CPUs local to the node, ascending

  const host::HugepagePool* hugepages_of_size(uint64_t page_size) const;
};

struct Core {
  uint32_t id = 0;        // machine-wide index (hwloc logical index): unique, unlike os_index
  uint32_t os_index = 0;  // core id within its package (/proc/cpuinfo "core id")
  uint32_t package = 0;
  uint32_t numa_node = 0;
  std::optional<uint32_t> l3;  // index into Topology::l3_groups
  std::vector<uint32_t> cpus;  // SMT siblings (logical CPUs), ascending
};

struct Package {
  uint32_t id = 0;  // OS index (physical_package_id)
  std::string model;
  std::vector<uint32_t> numa_nodes;
  std::vector<uint32_t> cores;  // Core::id values
};

struct CacheGroup {
  uint32_t id = 0;
  uint64_t size_bytes = 0;
  std::vector<uint32_t> cores;  // Core::id values sharing this L3
};

enum class DeviceKind { kNic, kGpu, kNvme, kStorage, kDisplay, kAccelerator, kOther };
enum class OsDeviceType { kNet, kOpenFabrics, kBlock, kGpu, kCoProc, kDma, kOther };

struct OsDevice {
  std::string name;  // eth0, mlx5_0, nvme0n1, cuda0, nvml3
  OsDeviceType type = OsDeviceType::kOther;
  std::string subtype;  // hwloc's subtype when given: CUDA, OpenCL, NVML, Disk
};

// One step of a device's PCIe path, from the host bridge down. `id` is unique within one
// topology (bus numbers are not: recordings can repeat them).
struct PcieHop {
  uint64_t id = 0;
  std::string label;  // a bridge's BDF, or "host bridge 0000:[2b-3b]"
  bool host_bridge = false;
};

struct PciDevice {
  std::string bdf;  // 0000:3b:00.0
  uint32_t domain = 0;
  uint32_t bus = 0, dev = 0, func = 0;
  uint16_t vendor_id = 0, device_id = 0;
  uint16_t class_id = 0;  // base class << 8 | subclass: 0x0200 Ethernet, 0x0302 3D controller
  std::string vendor_name, device_name;
  DeviceKind kind = DeviceKind::kOther;
  bool rdma = false;              // InfiniBand/RoCE capable (OpenFabrics device or IB class)
  bool is_vf = false;             // an SR-IOV virtual function
  std::string physical_function;  // a VF's PF (BDF), when known
  std::optional<uint32_t> sriov_total_vfs;  // a PF's VF capacity, when known (live sysfs)
  std::vector<OsDevice> os_devices;
  std::vector<uint32_t> numa_nodes;  // local nodes; two or more with Cluster-on-Die and alike
  std::vector<PcieHop> pcie_path;    // host bridge first, then each PCI bridge above the device

  // First network interface name (eth0, ib0), or "".
  std::string netdev() const;
  // A name operators use for it: its netdev, else its first OS device, else its BDF.
  std::string display_name() const;
  // True for "0000:3b:00.0", "3b:00.0" or any of its OS device names.
  bool matches(std::string_view name) const;
};

struct Topology {
  std::string source;  // "live machine" or the XML file
  std::vector<Package> packages;
  std::vector<NumaNode> numa_nodes;  // ascending id
  std::vector<Core> cores;           // ascending id
  std::vector<CacheGroup> l3_groups;
  std::vector<PciDevice> pci_devices;  // every non-bridge PCI function

  size_t cpu_count() const;
  const NumaNode* find_node(uint32_t id) const;
  // Devices matching `name` (BDF, short BDF or OS device name); recordings may repeat a BDF.
  std::vector<const PciDevice*> find_devices(std::string_view name) const;
  const PciDevice* find_device(std::string_view name) const;  // the first match
};

std::string_view to_string(DeviceKind kind);
std::string_view to_string(OsDeviceType type);

// What a PCI function is for the planner, from its class, vendor and OS devices. A VGA
// controller counts as a GPU only when it computes (NVIDIA, or a CUDA/OpenCL/NVML device):
// server BMC graphics (Matrox, ES1000) do not.
DeviceKind classify_device(uint16_t class_id, uint16_t vendor_id,
                           const std::vector<OsDevice>& os_devices);
bool is_rdma_capable(uint16_t class_id, const std::vector<OsDevice>& os_devices);
// Device ids of SR-IOV virtual functions of common NICs, for recordings without sysfs.
bool is_known_vf_device(uint16_t vendor_id, uint16_t device_id);

std::string format_bdf(uint32_t domain, uint32_t bus, uint32_t dev, uint32_t func);

}  // namespace nfv::topology
