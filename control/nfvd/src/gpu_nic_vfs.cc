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

Status pair_vf(const std::string& guest, const topology::GpuPlacement& gpu,
               const std::optional<std::string>& pf_guid, reconcile::VfConfigState& vf) {
  if (vf.driver && *vf.driver != "vfio-pci") {
    return make_error(
        "guest {}: GPU {} takes VF {} of NIC {} through VFIO, but sriov[] binds that VF to {}; "
        "remove its driver from sriov[].vf_settings (nfvd binds it to vfio-pci)",
        guest, gpu.gpu_bdf, gpu.nic->vf_index, gpu.nic->pf_name, *vf.driver);
  }
  vf.driver = "vfio-pci";
  if (!pf_guid) return ok_status();
  // Two hosts with the same config and addresses must not share a GUID in one fabric: the
  // PF's own GUID makes the key unique.
  std::string key = fmt::format("{}/{}/{}", *pf_guid, guest, gpu.gpu_bdf);
  if (!vf.node_guid) vf.node_guid = derived_guid(key + "/node");
  if (!vf.port_guid) vf.port_guid = derived_guid(key + "/port");
  return ok_status();
}

}  // namespace

Status add_gpu_nic_vfs(const topology::Placement& placement, const InfinibandGuidOf& infiniband,
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
      NFV_TRY(
          pair_vf(guest.name, gpu, infiniband(gpu.nic->pf_bdf), pf->second.vf[gpu.nic->vf_index]));
    }
  }
  return ok_status();
}

std::optional<std::string> infiniband_node_guid(const sriov::Sysfs& sysfs, const std::string& pf) {
  auto address = sriov::PciAddress::parse(pf);
  if (!address) return std::nullopt;
  auto netdevs = sysfs.list_if_present(host::device_attr(*address, "net"));
  if (!netdevs || netdevs->empty()) return std::nullopt;
  auto type = sysfs.read(host::device_attr(*address, "net/" + netdevs->front() + "/type"));
  if (!type || *type != kArphrdInfiniband) return std::nullopt;
  auto rdma = sysfs.list_if_present(host::device_attr(*address, "infiniband"));
  if (!rdma || rdma->empty()) return std::string();
  auto guid = sysfs.read(host::device_attr(*address, "infiniband/" + rdma->front() + "/node_guid"));
  return guid ? *guid : std::string();
}

Result<std::string> vf_address_of(const sriov::Sysfs& sysfs, const std::string& pf,
                                  uint32_t index) {
  auto address = sriov::PciAddress::parse(pf);
  if (!address) return std::move(address).error();
  auto link = sysfs.link_name(host::device_attr(*address, fmt::format("virtfn{}", index)));
  if (link && !link->empty()) return *link;
  auto capability = host::read_sriov_capability(sysfs, *address);
  if (!capability) return std::move(capability).error();
  // An offset of 0 would name the PF itself (a device may report none while it has no VFs).
  if (capability->offset == 0) {
    return make_error("PF {} reports no VF offset (sriov_offset 0) while it has no VFs", pf);
  }
  auto vf = sriov::vf_address(*address, capability->offset, capability->stride, index);
  if (!vf) return std::move(vf).error();
  return vf->str();
}

}  // namespace nfv::nfvd
