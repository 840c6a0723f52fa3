#include "nfv/topology/pcie_distance.h"

#include <algorithm>

namespace nfv::topology {
namespace {

bool share_a_node(const PciDevice& a, const PciDevice& b) {
  return std::any_of(a.numa_nodes.begin(), a.numa_nodes.end(), [&b](uint32_t node) {
    return std::find(b.numa_nodes.begin(), b.numa_nodes.end(), node) != b.numa_nodes.end();
  });
}

}  // namespace

PcieClass pcie_distance(const PciDevice& a, const PciDevice& b) {
  // Functions of one device (or a device and itself) share the card.
  if (a.domain == b.domain && a.bus == b.bus && a.dev == b.dev &&
      a.pcie_path.size() == b.pcie_path.size() &&
      (a.pcie_path.empty() || a.pcie_path.back().id == b.pcie_path.back().id)) {
    return PcieClass::kPix;
  }
  const auto& pa = a.pcie_path;
  const auto& pb = b.pcie_path;
  bool same_root = !pa.empty() && !pb.empty() && pa.front().id == pb.front().id;
  if (!same_root && !(pa.empty() && pb.empty())) {
    return share_a_node(a, b) ? PcieClass::kNode : PcieClass::kSys;
  }
  if (pa.empty()) return share_a_node(a, b) ? PcieClass::kPhb : PcieClass::kSys;
  size_t common = 0;
  while (common < pa.size() && common < pb.size() && pa[common].id == pb[common].id) ++common;
  // Only the host bridge in common: traffic turns around in the root complex.
  if (common == 1 && pa.front().host_bridge) return PcieClass::kPhb;
  // Below the deepest common bridge, a PCIe switch shows as its upstream port (the common
  // bridge) plus one downstream port per device: one more bridge on either side is still the
  // same switch.
  size_t below = std::max(pa.size(), pb.size()) - common;
  return below <= 1 ? PcieClass::kPix : PcieClass::kPxb;
}

std::string closest_common_bridge(const PciDevice& a, const PciDevice& b) {
  const auto& pa = a.pcie_path;
  const auto& pb = b.pcie_path;
  size_t common = 0;
  while (common < pa.size() && common < pb.size() && pa[common].id == pb[common].id) ++common;
  if (common == 0 || pa[common - 1].host_bridge) return "";
  return pa[common - 1].label;
}

std::string_view to_string(PcieClass pcie_class) {
  switch (pcie_class) {
    case PcieClass::kPix:
      return "PIX";
    case PcieClass::kPxb:
      return "PXB";
    case PcieClass::kPhb:
      return "PHB";
    case PcieClass::kNode:
      return "NODE";
    case PcieClass::kSys:
      return "SYS";
  }
  return "SYS";
}

std::string_view describe(PcieClass pcie_class) {
  switch (pcie_class) {
    case PcieClass::kPix:
      return "same PCIe switch";
    case PcieClass::kPxb:
      return "several PCIe switches, same host bridge";
    case PcieClass::kPhb:
      return "through the PCIe host bridge";
    case PcieClass::kNode:
      return "different host bridges, same NUMA node";
    case PcieClass::kSys:
      return "across NUMA nodes";
  }
  return "";
}

}  // namespace nfv::topology
