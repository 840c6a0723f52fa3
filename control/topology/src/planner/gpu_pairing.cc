// GPUs for an ai guest and a NIC for each: the free NIC of the closest PCIe class (PIX before
// PXB before PHB...), and among equally close ones the NIC fewest GPUs use, so each GPU gets a
// NIC of its own where the machine has enough.
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "costs.h"
#include "nfv/common/strings.h"
#include "steps.h"

namespace nfv::topology::planner {
namespace {

// One past the farthest class: "no NIC at all" sorts after every real pairing.
constexpr int kNoNic = static_cast<int>(PcieClass::kSys) + 1;

int closest_nic_class(PlanContext& ctx, const PciDevice& gpu) {
  int best = kNoNic;
  for (const PfSlot* pf : ctx.vfs.available()) {
    best = std::min(best, static_cast<int>(pcie_distance(gpu, *pf->pf)));
  }
  return best;
}

std::vector<size_t> free_gpus(const PlanContext& ctx) {
  std::vector<size_t> gpus;
  for (size_t i = 0; i < ctx.topology.pci_devices.size(); ++i) {
    const PciDevice& device = ctx.topology.pci_devices[i];
    if (device.kind == DeviceKind::kGpu && !ctx.gpu_taken[i] && !ctx.reserved(device)) {
      gpus.push_back(i);
    }
  }
  return gpus;
}

std::string describe_free_gpus(const PlanContext& ctx, const std::vector<size_t>& gpus) {
  std::vector<std::string> parts;
  for (uint32_t node : ctx.cpus.cpu_nodes()) {
    size_t count = static_cast<size_t>(std::count_if(gpus.begin(), gpus.end(), [&](size_t i) {
      return is_local(ctx.topology.pci_devices[i], node, ctx.topology);
    }));
    parts.push_back(fmt::format("node {}: {}", node, count));
  }
  return join(parts, ", ");
}

// Picks GPUs one at a time: on the guest's node first; the first with the closest free NIC,
// the next ones closest to those already picked (a guest's GPUs talk to each other too).
std::vector<size_t> pick_gpus(PlanContext& ctx, const config::GuestConfig& guest, uint32_t node,
                              std::vector<size_t> candidates) {
  std::vector<size_t> picked;
  while (picked.size() < guest.gpus) {
    auto key = [&](size_t index) {
      const PciDevice& gpu = ctx.topology.pci_devices[index];
      int spread = 0;
      for (size_t other : picked) {
        spread =
            std::max(spread, static_cast<int>(pcie_distance(gpu, ctx.topology.pci_devices[other])));
      }
      int nic = guest.nic_per_gpu ? closest_nic_class(ctx, gpu) : 0;
      return std::make_tuple(!is_local(gpu, node, ctx.topology), spread, nic, gpu.bdf);
    };
    auto best = std::min_element(candidates.begin(), candidates.end(),
                                 [&](size_t a, size_t b) { return key(a) < key(b); });
    picked.push_back(*best);
    candidates.erase(best);
  }
  return picked;
}

// False when no NIC has a free VF left for this GPU.
bool pair_with_nic(PlanContext& ctx, const config::GuestConfig& guest, const PciDevice& gpu,
                   uint32_t node, GpuPlacement& placed, std::vector<std::string>& remote) {
  std::string subject = fmt::format("guest {}", guest.name);
  auto candidates = ctx.vfs.available();
  if (candidates.empty()) return false;
  auto key = [&](const PfSlot* pf) {
    return std::make_tuple(pcie_distance(gpu, *pf->pf), pf->gpu_pairs,
                           !std::count(pf->nodes.begin(), pf->nodes.end(), node), pf->pf->bdf);
  };
  PfSlot* nic =
      *std::min_element(candidates.begin(), candidates.end(),
                        [&](const PfSlot* a, const PfSlot* b) { return key(a) < key(b); });
  PcieClass pcie_class = pcie_distance(gpu, *nic->pf);
  std::string sharing =
      nic->gpu_pairs == 0
          ? "no other GPU uses it"
          : fmt::format("{} other GPU{} already use{} it: no NIC as close is used less",
                        nic->gpu_pairs, nic->gpu_pairs == 1 ? "" : "s",
                        nic->gpu_pairs == 1 ? "s" : "");
  placed.nic = ctx.vfs.take(*nic, guest.name, node);
  placed.pcie_class = pcie_class;
  if (pcie_class == PcieClass::kPix) placed.shared_switch = closest_common_bridge(gpu, *nic->pf);
  ++nic->gpu_pairs;
  placed.reason +=
      fmt::format("; NIC {} ({}) is {} from it ({}), the closest class with a free VF; {}",
                  nic->name(), nic->pf->bdf, to_string(pcie_class), describe(pcie_class), sharing);
  if (gpu_nic_pair_is_poor(pcie_class)) {
    ctx.warn(subject,
             fmt::format("GPU {} pairs with NIC {} at {} ({})", gpu.bdf, nic->name(),
                         to_string(pcie_class), describe(pcie_class)),
             gpu_nic_cost(pcie_class));
  }
  if (std::count(nic->nodes.begin(), nic->nodes.end(), node) == 0) {
    remote.push_back(fmt::format("NIC {} of GPU {} on node {}", nic->name(), gpu.bdf,
                                 format_id_list(nic->nodes)));
  }
  return true;
}

}  // namespace

void place_gpus(PlanContext& ctx, const config::GuestConfig& guest, GuestPlacement& placement,
                std::vector<std::string>& remote) {
  uint32_t node = placement.numa_node;
  std::vector<size_t> candidates = free_gpus(ctx);
  if (candidates.size() < guest.gpus) {
    ctx.short_of(fmt::format("guest {}", guest.name), "GPUs",
                 fmt::format("needs {} GPUs, {} free ({})", guest.gpus, candidates.size(),
                             describe_free_gpus(ctx, candidates)));
    return;
  }
  std::vector<size_t> picked = pick_gpus(ctx, guest, node, std::move(candidates));
  std::vector<std::string> unpaired;
  for (size_t n = 0; n < picked.size(); ++n) {
    const PciDevice& gpu = ctx.topology.pci_devices[picked[n]];
    ctx.gpu_taken[picked[n]] = true;
    GpuPlacement placed;
    placed.gpu_bdf = gpu.bdf;
    placed.gpu_name = gpu.display_name();
    bool local = is_local(gpu, node, ctx.topology);
    placed.numa_node = local ? node : local_nodes(gpu, ctx.topology).front();
    placed.reason = local ? fmt::format("free GPU on the guest's node {}", node)
                          : fmt::format("node {} has no free GPU left", node);
    if (n > 0) {
      PcieClass spread = pcie_distance(gpu, ctx.topology.pci_devices[picked.front()]);
      placed.reason += fmt::format(", {} from the guest's first GPU", to_string(spread));
    }
    if (!local) remote.push_back(fmt::format("GPU {} on node {}", gpu.bdf, placed.numa_node));
    if (guest.nic_per_gpu && !pair_with_nic(ctx, guest, gpu, node, placed, remote)) {
      unpaired.push_back(gpu.bdf);
    }
    placement.gpus.push_back(std::move(placed));
  }
  if (!unpaired.empty()) {
    ctx.short_of(
        fmt::format("guest {}", guest.name), "NICs",
        fmt::format("GPU{} {}: no NIC with a free VF to pair with ({})",
                    unpaired.size() == 1 ? "" : "s", join(unpaired, ", "), ctx.vfs.describe()));
  }
}

}  // namespace nfv::topology::planner
