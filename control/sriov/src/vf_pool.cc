#include "nfv/sriov/vf_pool.h"

#include <algorithm>

#include "nfv/sriov/iommu_group.h"

namespace nfv::sriov {

std::vector<VfPool> build_pools(const std::vector<PhysicalFunction>& pfs,
                                const std::vector<Allocation>& allocations) {
  std::vector<VfPool> pools;
  for (const PhysicalFunction& pf : pfs) {
    if (pf.vfs.empty()) continue;
    VfPool pool;
    pool.pf = pf.device.address;
    pool.pf_netdev = pf.netdev();
    pool.numa_node = pf.device.numa_node;
    pool.vendor_device = pf.vf_vendor_device();
    for (const VirtualFunction& vf : pf.vfs) {
      const PciAddress& address = vf.device.address;
      bool ours = std::any_of(allocations.begin(), allocations.end(),
                              [&](const Allocation& a) { return a.device == address; });
      if (ours) {
        pool.allocated.push_back(address);
      } else if (vf.device.driver == kVfioPciDriver) {
        ++pool.busy;
      } else {
        pool.free.push_back(address);
      }
    }
    pools.push_back(std::move(pool));
  }
  std::sort(pools.begin(), pools.end(),
            [](const VfPool& a, const VfPool& b) { return a.pf < b.pf; });
  return pools;
}

Result<VfChoice> choose_vf(const std::vector<VfPool>& pools, const VfRequest& request) {
  auto matches = [&](const VfPool& pool) {
    return !pool.free.empty() && (!request.pf || pool.pf == *request.pf) &&
           (!request.vendor_device || pool.vendor_device == *request.vendor_device);
  };
  const VfPool* near = nullptr;
  const VfPool* far = nullptr;
  for (const VfPool& pool : pools) {
    if (!matches(pool)) continue;
    bool on_node = !request.numa_node || pool.numa_node == request.numa_node;
    if (on_node && near == nullptr) near = &pool;
    if (!on_node && far == nullptr) far = &pool;
  }
  std::string model = request.vendor_device ? " " + *request.vendor_device : "";
  std::string on_pf = request.pf ? " on PF " + request.pf->str() : "";
  if (near != nullptr) {
    VfChoice choice{near->free.front(), near->pf, near->numa_node, true, ""};
    choice.note = request.numa_node ? fmt::format("VF on node {}, as requested", *request.numa_node)
                                    : std::string("first free VF (no node requested)");
    return choice;
  }
  if (far != nullptr && request.numa_node && !request.node_required) {
    VfChoice choice{far->free.front(), far->pf, far->numa_node, false, ""};
    choice.note = fmt::format(
        "no free{} VF{} on node {}; took one on node {}: its traffic crosses the NUMA "
        "interconnect",
        model, on_pf, *request.numa_node, host::node_label(far->numa_node));
    return choice;
  }
  if (request.numa_node) {
    return make_error(
        "no free{} VF{} on node {}{}; create more with `nfvctl vf create --pf PF --count N` "
        "or release one",
        model, on_pf, *request.numa_node,
        far != nullptr ? " (other nodes have some; allow crossing nodes)" : "");
  }
  return make_error(
      "no free{} VF{}; create VFs with `nfvctl vf create --pf PF --count N` or release one", model,
      on_pf);
}

}  // namespace nfv::sriov
