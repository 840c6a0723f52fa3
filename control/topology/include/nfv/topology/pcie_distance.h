// How far apart two PCI devices are, in the classes operators know from `nvidia-smi topo -m`.
// Pure: computed from the PCIe paths and NUMA locality recorded in the model.
#pragma once

#include <string>
#include <string_view>

#include "nfv/topology/model.h"

namespace nfv::topology {

// Ordered from closest to farthest: a smaller value is always better.
enum class PcieClass {
  kPix,   // through at most one PCIe switch (or the same slot)
  kPxb,   // through several PCIe switches, without reaching the host bridge
  kPhb,   // through the PCIe host bridge (the CPU's root complex)
  kNode,  // between host bridges of the same NUMA node
  kSys,   // across NUMA nodes / sockets (QPI, UPI, Infinity Fabric)
};

PcieClass pcie_distance(const PciDevice& a, const PciDevice& b);

// The deepest PCI bridge both devices are behind (a PCIe switch shows as its upstream port):
// its BDF, or "" when they share no bridge below the host bridge.
std::string closest_common_bridge(const PciDevice& a, const PciDevice& b);

std::string_view to_string(PcieClass pcie_class);  // "PIX", "PXB", "PHB", "NODE", "SYS"
std::string_view describe(PcieClass pcie_class);   // "same PCIe switch", ...

}  // namespace nfv::topology
