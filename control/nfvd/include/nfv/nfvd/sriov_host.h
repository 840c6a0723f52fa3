// nfvd's side of SR-IOV: the config's sriov[] as desired state (PFs by PCI address), the
// host's SR-IOV state as observed through the SR-IOV library (sysfs root as a parameter,
// rtnetlink for VF settings), and the executor that applies reconcile's vf/vfs steps.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>

#include "nfv/common/result.h"
#include "nfv/config/config.h"
#include "nfv/reconcile/apply.h"
#include "nfv/reconcile/sriov_state.h"
#include "nfv/sriov/netlink_transport.h"
#include "nfv/sriov/sysfs.h"
#include "nfv/sriov/undo_log.h"
#include "nfv/sriov/vfio.h"
#include "nfv/topology/placement.h"

namespace nfv::nfvd {

// What SR-IOV work goes through: the host (or the tests' double).
struct SriovHost {
  sriov::Sysfs sysfs;
  sriov::VfioGroups* vfio = nullptr;
  sriov::NetlinkTransport* netlink = nullptr;  // null: VF settings cannot be read or set
};

// A config `pf` (a PCI address, or a netdev name resolved through class/net) as a PCI address.
Result<std::string> resolve_pf(const sriov::Sysfs& sysfs, const std::string& pf);

using PfResolver = std::function<Result<std::string>(const std::string&)>;

// sriov[] as desired state, pure apart from `resolve`. Errors name the config entry.
Result<reconcile::SriovState> desired_sriov_state(const config::ApplianceConfig& config,
                                                  const PfResolver& resolve);

// The PF's own RDMA node GUID when its link is InfiniBand (netdev `type` ARPHRD_INFINIBAND;
// "" when its RDMA device shows none); nullopt for Ethernet and RoCE PFs.
using InfinibandGuidOf = std::function<std::optional<std::string>(const std::string& pf)>;
std::optional<std::string> infiniband_node_guid(const sriov::Sysfs& sysfs, const std::string& pf);

// The VFs the planner paired with AI guests' GPUs (GPUDirect RDMA): bound to vfio-pci (a
// different driver in sriov[] is an error: the guest takes the VF through VFIO) and, on an
// InfiniBand PF, given node and port GUIDs derived from the PF's own GUID (unique in the
// fabric), the guest and the GPU, the same at every apply, unless sriov[] sets them; RoCE and
// Ethernet VFs take none (their drivers refuse them). Pure. A PF that sriov[] does not list is
// an error naming the fix.
Status add_gpu_nic_vfs(const topology::Placement& placement, const InfinibandGuidOf& infiniband,
                       reconcile::SriovState& state);

// The PCI address VF `index` of `pf` has, or will have once created: its virtfnN link, else
// the PF's routing id plus sriov_offset and sriov_stride.
Result<std::string> vf_address_of(const sriov::Sysfs& sysfs, const std::string& pf, uint32_t index);

// The PFs' VF counts, drivers and (with netlink) VF settings. Only `pfs` are read.
Result<reconcile::SriovState> read_sriov_state(const SriovHost& host,
                                               const std::set<std::string>& pfs);

// Runs vfs/vf steps; each step is all or nothing (the library's undo log), and undo() puts
// back what the step's restore recorded.
class SriovExecutor : public reconcile::Executor {
 public:
  explicit SriovExecutor(SriovHost host, sriov::Progress progress = {})
      : host_(std::move(host)), progress_(std::move(progress)) {}
  Status run(const reconcile::Step& step) override;
  Status undo(const reconcile::Step& step) override;

 private:
  Status set_count(const reconcile::VfCountSpec& spec);
  Status configure(const reconcile::VfSpec& spec);
  Status configure_steps(const reconcile::VfSpec& spec, sriov::UndoLog& undo);

  SriovHost host_;
  sriov::Progress progress_;
};

}  // namespace nfv::nfvd
