// The NIC VFs paired with AI guests' GPUs as desired SR-IOV state, and where VFs are.
#include <fmt/format.h>

#include "nfv/common/stable_hash.h"
#include "nfv/common/strings.h"
#include "nfv/host/sriov_capability.h"
#include "nfv/nfvd/sriov_host.h"
#include "nfv/sriov/vf_address.h"

namespace nfv::nfvd {
namespace {

// A locally administered EUI-64 (first octet 02): never a vendor's GUID.
std::string derived_guid(const std::string& key) {
  uint64_t hash = stable_hash(key);
  return format_guid((hash & 0x00ffffffffffffffULL) | 0x0200000000000000ULL);
}

constexpr const char* kArphrdInfiniband = "32";  // include/uapi/linux/if_arp.h

void pair_vf(const std::string& guest, const topology::GpuPlacement& gpu, bool infiniband,
             reconcile::VfConfigState& vf) {
  if (!vf.driver) vf.driver = "vfio-pci";
  if (!infiniband) return;
  std::string key = fmt::format("{}/{}", guest, gpu.gpu_bdf);
  if (!vf.node_guid) vf.node_guid = derived_guid(key + "/node");
  if (!vf.port_guid) vf.port_guid = derived_guid(key + "/port");
}

}  // namespace

Status add_gpu_nic_vfs(const topology::Placement& placement,
                       const std::function<bool(const std::string& pf)>& infiniband,
                       reconcile::SriovState& state) {
  for (const auto& guest : placement.guests) {
    for (const auto& gpu : guest.gpus) {
      if (!gpu.nic) continue;
      auto pf = state.find(gpu.nic->pf_bdf);
      if (pf == state.end() || pf->second.vfs <= gpu.nic->vf_index) {
        return make_error(
            "guest {}: GPU {} pairs with VF {} of NIC {} ({}), which sriov[] does not create; "
            "add {{pf: {}, vfs: {}}} (or more) to sriov[]",
            guest.name, gpu.gpu_bdf, gpu.nic->vf_index, gpu.nic->pf_name, gpu.nic->pf_bdf,
            gpu.nic->pf_name, gpu.nic->vf_index + 1);
      }
      pair_vf(guest.name, gpu, infiniband(gpu.nic->pf_bdf), pf->second.vf[gpu.nic->vf_index]);
    }
  }
  return ok_status();
}

bool is_infiniband_pf(const sriov::Sysfs& sysfs, const std::string& pf) {
  auto address = sriov::PciAddress::parse(pf);
  if (!address) return false;
  auto netdevs = sysfs.list_if_present(host::device_attr(*address, "net"));
  if (!netdevs || netdevs->empty()) return false;
  auto type = sysfs.read(host::device_attr(*address, "net/" + netdevs->front() + "/type"));
  return type && *type == kArphrdInfiniband;
}

Result<std::string> vf_address_of(const sriov::Sysfs& sysfs, const std::string& pf,
                                  uint32_t index) {
  auto address = sriov::PciAddress::parse(pf);
  if (!address) return std::move(address).error();
  auto link = sysfs.link_name(host::device_attr(*address, fmt::format("virtfn{}", index)));
  if (link && !link->empty()) return *link;
  auto capability = host::read_sriov_capability(sysfs, *address);
  if (!capability) return std::move(capability).error();
  auto vf = sriov::vf_address(*address, capability->offset, capability->stride, index);
  if (!vf) return std::move(vf).error();
  return vf->str();
}

}  // namespace nfv::nfvd
