// The SR-IOV/VFIO operations nfvd and nfvctl run: create VFs, bind a VF (or a whole device such
// as a GPU) to vfio-pci for an owner, release it, adopt allocations after a restart. Each one
// either completes or rolls every touched device back to where it was.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/sriov/adoption.h"
#include "nfv/sriov/allocation_store.h"
#include "nfv/sriov/discovery.h"
#include "nfv/sriov/netlink_transport.h"
#include "nfv/sriov/vf_count.h"
#include "nfv/sriov/vf_netlink.h"
#include "nfv/sriov/vf_pool.h"
#include "nfv/sriov/vfio.h"

namespace nfv::sriov {

struct BindRequest {
  PciAddress device;
  std::string owner;
  Purpose purpose = Purpose::kGuest;
  VfSettings settings;  // applied over rtnetlink on the PF before the bind (VFs only)
};

struct Allocated {
  Allocation allocation;
  VfChoice choice;
};

// What `nfvctl vfs` shows: sysfs, and the allocation file checked against it (read only).
struct Inventory {
  std::vector<PhysicalFunction> pfs;
  std::vector<Allocation> allocations;   // records that still hold
  std::vector<StaleAllocation> stale;    // records that no longer do
  std::vector<PciDevice> whole_devices;  // allocated devices that are not VFs (GPUs...)
};

class VfManager {
 public:
  // `netlink` is needed only for VF settings; it may be null otherwise.
  VfManager(Sysfs sysfs, VfioGroups& vfio, AllocationStore store, NetlinkTransport* netlink,
            Progress progress = {});

  // Sets a PF's VF count. Refuses while a VF of the PF is allocated or held by someone else
  // on vfio-pci: removing it would pull it from under its user.
  Result<PhysicalFunction> create_vfs(const VfCountChange& change);

  // Hands a device to vfio-pci for `owner` after checking its IOMMU group will be viable, then
  // persists the allocation. Refuses devices already allocated or on vfio-pci for someone else.
  Result<Allocation> bind(const BindRequest& request);

  // Picks a free VF from the pools (preferring the requested NUMA node), then binds it.
  Result<Allocated> allocate(const VfRequest& request, const std::string& owner, Purpose purpose,
                             const VfSettings& settings = {});

  // Gives an allocated device back to the driver it had before and drops the record. Devices
  // without a record are refused: we release only what we own. While a process (QEMU) holds
  // the device's VFIO group, the kernel's unbind would block: waits up to `wait` for it to let
  // go (without holding the allocation lock), then refuses naming the device, group and holder.
  Result<Allocation> release(const PciAddress& device,
                             std::chrono::milliseconds wait = std::chrono::milliseconds(0));

  // After a restart: keeps the records sysfs still confirms, drops (and reports) the others.
  // Touches no device.
  Result<AdoptionReport> adopt();

  // Applies VF settings (MAC, VLAN...) over rtnetlink on the VF's PF, verified by read-back.
  Result<VfState> configure(const PciAddress& vf, const VfSettings& settings);
  // The VF's current settings as its PF reports them over rtnetlink.
  Result<VfState> vf_state(const PciAddress& vf);
  // The VF's settings and counters (VfState::stats) as its PF driver reports them.
  Result<VfState> vf_counters(const PciAddress& vf);

  Result<Inventory> inventory() const;

  const Sysfs& sysfs() const { return sysfs_; }
  const AllocationStore& store() const { return store_; }

 private:
  struct VfTarget {
    VfLocation location;
    std::string pf_ifname;
  };
  Result<VfTarget> vf_target(const PciAddress& vf) const;
  Status apply_settings(const PciAddress& vf, const VfSettings& settings, UndoLog& undo,
                        VfState* after);
  Result<Allocation> bind_locked(const BindRequest& request, std::vector<Allocation> records);
  Status wait_until_free(const PciAddress& device, std::chrono::milliseconds wait);
  void say(const std::string& line) const;

  Sysfs sysfs_;
  VfioGroups& vfio_;
  AllocationStore store_;
  NetlinkTransport* netlink_;
  Progress progress_;
};

}  // namespace nfv::sriov
