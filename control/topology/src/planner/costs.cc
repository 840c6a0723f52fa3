#include "costs.h"

#include <fmt/format.h>

namespace nfv::topology::planner {

std::string cross_numa_cost(const std::string& fix) {
  return fmt::format(
      "every packet and every DMA crosses the inter-socket link: expect up to a third less "
      "throughput and higher latency; {}",
      fix);
}

bool gpu_nic_pair_is_poor(PcieClass pcie_class) { return pcie_class > PcieClass::kPxb; }

std::string gpu_nic_cost(PcieClass pcie_class) {
  const char* path = "";
  switch (pcie_class) {
    case PcieClass::kPix:
    case PcieClass::kPxb:
      return "none: GPUDirect RDMA stays below the host bridge";
    case PcieClass::kPhb:
      path = "goes up through the CPU's root complex";
      break;
    case PcieClass::kNode:
      path = "crosses between host bridges inside the CPU";
      break;
    case PcieClass::kSys:
      path =
          "crosses the inter-socket link; NCCL disables GPUDirect RDMA across sockets by default";
      break;
  }
  return fmt::format(
      "GPUDirect RDMA traffic {}: a fraction of the bandwidth of a NIC behind the GPU's own PCIe "
      "switch; free or add a NIC closer to this GPU",
      path);
}

}  // namespace nfv::topology::planner
