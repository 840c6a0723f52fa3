#include "nfv/sriov/vf_manager.h"

#include <algorithm>

#include "nfv/common/strings.h"
#include "nfv/sriov/driver_binding.h"
#include "nfv/sriov/iommu_group.h"
#include "nfv/sriov/vf_config.h"
#include "nfv/sriov/vf_counters.h"
#include "nfv/sriov/vfio_checks.h"

namespace nfv::sriov {
namespace {

const Allocation* find_record(const std::vector<Allocation>& records, const PciAddress& device) {
  auto it = std::find_if(records.begin(), records.end(),
                         [&](const Allocation& a) { return a.device == device; });
  return it == records.end() ? nullptr : &*it;
}

std::string describe_owner(const Allocation& a) {
  return fmt::format("{} ({})", a.owner, purpose_name(a.purpose));
}

// Runs `step`; on failure rolls back everything recorded so far and returns the combined error.
Status or_roll_back(Status step, UndoLog& undo, const Progress& progress) {
  if (step) return step;
  return failed_with_rollback(std::move(step).error(), undo, progress);
}

}  // namespace

VfManager::VfManager(Sysfs sysfs, VfioGroups& vfio, AllocationStore store,
                     NetlinkTransport* netlink, Progress progress)
    : sysfs_(std::move(sysfs)),
      vfio_(vfio),
      store_(std::move(store)),
      netlink_(netlink),
      progress_(std::move(progress)) {}

void VfManager::say(const std::string& line) const {
  if (progress_) progress_(line);
}

Result<PhysicalFunction> VfManager::create_vfs(const VfCountChange& change) {
  auto lock = store_.lock();
  if (!lock) return std::move(lock).error();
  auto records = store_.load();
  if (!records) return std::move(records).error();
  std::vector<std::string> owned;
  for (const Allocation& a : *records) {
    if (a.pf == change.pf) owned.push_back(a.device.str() + " for " + describe_owner(a));
  }
  if (!owned.empty()) {
    return make_error(
        "PF {} has allocated VFs: {}; release them first (nfvctl vf release --vf "
        "BDF), changing the VF count would destroy them",
        change.pf.str(), join(owned, ", "));
  }
  auto pf = read_physical_function(sysfs_, change.pf);
  if (!pf) return std::move(pf).error();
  if (change.count != pf->num_vfs) {
    std::vector<std::string> foreign;
    for (const VirtualFunction& vf : pf->vfs) {
      if (vf.device.driver == kVfioPciDriver) foreign.push_back(vf.device.address.str());
    }
    if (!foreign.empty()) {
      return make_error(
          "PF {}: VFs {} are on vfio-pci but not allocated by nfv-appliance "
          "(another tool or a VM uses them); changing the VF count would remove "
          "them, so hand them back to their owner first",
          change.pf.str(), join(foreign, ", "));
    }
  }
  UndoLog undo;
  auto result = set_vf_count(sysfs_, change, undo, progress_);
  if (!result) return failed_with_rollback(std::move(result).error(), undo, progress_);
  undo.commit();
  return result;
}

Result<VfManager::VfTarget> VfManager::vf_target(const PciAddress& vf) const {
  auto location = locate_vf(sysfs_, vf);
  if (!location) return std::move(location).error();
  auto pf = read_pci_device(sysfs_, location->pf);
  if (!pf) return std::move(pf).error();
  if (pf->netdevs.empty()) {
    return make_error(
        "PF {} of VF {} has no network interface (driver: {}); VF settings go "
        "through the PF's netdev, so bind the PF to its host driver",
        location->pf.str(), vf.str(), pf->driver.empty() ? "none" : pf->driver);
  }
  return VfTarget{*location, pf->netdevs.front()};
}

Status VfManager::apply_settings(const PciAddress& vf, const VfSettings& settings, UndoLog& undo,
                                 VfState* after) {
  if (netlink_ == nullptr) {
    return make_error("VF {}: VF settings need an rtnetlink connection, none was given", vf.str());
  }
  auto target = vf_target(vf);
  if (!target) return std::move(target).error();
  VfConfigurator configurator(*netlink_);
  auto state =
      configurator.apply(target->pf_ifname, target->location.index, settings, undo, progress_);
  if (!state) return std::move(state).error();
  if (after != nullptr) *after = *state;
  return {};
}

Result<Allocation> VfManager::bind(const BindRequest& request) {
  auto lock = store_.lock();
  if (!lock) return std::move(lock).error();
  auto records = store_.load();
  if (!records) return std::move(records).error();
  return bind_locked(request, std::move(*records));
}

Result<Allocation> VfManager::bind_locked(const BindRequest& request,
                                          std::vector<Allocation> records) {
  const PciAddress& address = request.device;
  if (request.owner.empty()) {
    return make_error("{}: an owner is needed (the guest or switch port the device serves)",
                      address.str());
  }
  if (const Allocation* existing = find_record(records, address)) {
    return make_error(
        "{} is already allocated to {}; release it first (nfvctl vf release --vf "
        "{})",
        address.str(), describe_owner(*existing), address.str());
  }
  auto device = read_pci_device(sysfs_, address);
  if (!device) return std::move(device).error();
  if (device->driver == kVfioPciDriver) {
    return make_error(
        "{} is already on vfio-pci but not allocated by nfv-appliance: another "
        "tool or VM holds it; refusing to take it over",
        address.str());
  }
  if (is_physical_function(sysfs_, address)) {
    auto pf = read_physical_function(sysfs_, address);
    if (pf && pf->num_vfs > 0) {
      return make_error(
          "{} is a PF with {} VFs enabled; bind one of its VFs, or remove the VFs "
          "first (nfvctl vf create --pf {} --count 0)",
          address.str(), pf->num_vfs, address.str());
    }
  }
  if (!request.settings.empty() && !device->physfn) {
    return make_error("{} is not a VF: MAC/VLAN/rate settings apply to VFs only", address.str());
  }
  // Everything that can be checked without touching the host is checked first.
  NFV_TRY(check_vfio_pci_loaded(sysfs_));
  auto group = iommu_group_of(sysfs_, address);
  if (!group) return std::move(group).error();
  auto viability = check_group_viability(sysfs_, *group, {address});
  if (!viability) return std::move(viability).error();
  if (!viability->viable()) {
    return make_error("cannot give {} to VFIO: {}", address.str(), viability->explain());
  }
  NFV_TRY(vfio_.check_available());

  Allocation allocation;
  allocation.device = address;
  allocation.owner = request.owner;
  allocation.purpose = request.purpose;
  allocation.host_driver = device->driver;
  allocation.iommu_group = *group;
  allocation.numa_node = device->numa_node;
  allocation.vendor_device = device->vendor_device();
  if (device->physfn) {
    auto location = locate_vf(sysfs_, address);
    if (!location) return std::move(location).error();
    allocation.pf = location->pf;
    allocation.vf_index = location->index;
  }

  say(fmt::format("{}: binding to vfio-pci for {}", address.str(), describe_owner(allocation)));
  UndoLog undo;
  if (!request.settings.empty()) {
    NFV_TRY(
        or_roll_back(apply_settings(address, request.settings, undo, nullptr), undo, progress_));
  }
  NFV_TRY(or_roll_back(bind_to_vfio_pci(sysfs_, address, undo, progress_), undo, progress_));
  NFV_TRY(or_roll_back(check_group_viable(vfio_, sysfs_, *group), undo, progress_));
  records.push_back(allocation);
  NFV_TRY(or_roll_back(store_.save(records), undo, progress_));
  undo.commit();
  say(fmt::format("{}: allocated to {}, recorded in {}", address.str(), describe_owner(allocation),
                  store_.path().string()));
  return allocation;
}

Result<Allocated> VfManager::allocate(const VfRequest& request, const std::string& owner,
                                      Purpose purpose, const VfSettings& settings) {
  auto lock = store_.lock();
  if (!lock) return std::move(lock).error();
  auto records = store_.load();
  if (!records) return std::move(records).error();
  auto pfs = discover_physical_functions(sysfs_);
  if (!pfs) return std::move(pfs).error();
  auto choice = choose_vf(build_pools(*pfs, *records), request);
  if (!choice) return std::move(choice).error();
  say(fmt::format("{}: chosen from PF {}: {}", choice->vf.str(), choice->pf.str(), choice->note));
  auto allocation =
      bind_locked(BindRequest{choice->vf, owner, purpose, settings}, std::move(*records));
  if (!allocation) return std::move(allocation).error();
  return Allocated{std::move(*allocation), std::move(*choice)};
}

Status VfManager::wait_until_free(const PciAddress& device, std::chrono::milliseconds wait) {
  auto current = read_pci_device(sysfs_, device);
  if (!current || current->driver != kVfioPciDriver) return {};  // nothing to unbind
  auto group = iommu_group_of(sysfs_, device);
  if (!group) return {};
  return wait_until_group_released(vfio_, device, *group, wait, progress_);
}

Result<Allocation> VfManager::release(const PciAddress& device, std::chrono::milliseconds wait) {
  // The wait happens before the allocation file is locked: another nfvctl is never held up by
  // a guest that does not let go. Checked again under the lock, without waiting.
  NFV_TRY(wait_until_free(device, wait));
  auto lock = store_.lock();
  if (!lock) return std::move(lock).error();
  auto records = store_.load();
  if (!records) return std::move(records).error();
  const Allocation* found = find_record(*records, device);
  if (found == nullptr) {
    return make_error(
        "{} is not allocated by nfv-appliance (no record in {}); refusing to touch "
        "a device it does not own",
        device.str(), store_.path().string());
  }
  Allocation record = *found;
  std::vector<Allocation> remaining;
  for (const Allocation& a : *records) {
    if (a.device != device) remaining.push_back(a);
  }
  auto current = read_pci_device(sysfs_, device);
  if (!current || current->driver != kVfioPciDriver) {
    // The device is gone or someone else already took it back: only the record is ours.
    say(fmt::format("{}: {}; dropping its record only", device.str(),
                    !current ? "no longer exists" : "is no longer on vfio-pci"));
    NFV_TRY(store_.save(remaining));
    return record;
  }
  NFV_TRY(wait_until_free(device, std::chrono::milliseconds(0)));
  say(fmt::format("{}: releasing from {}, back to {}", device.str(), describe_owner(record),
                  record.host_driver.empty() ? "no driver" : record.host_driver));
  UndoLog undo;
  NFV_TRY(or_roll_back(return_from_vfio_pci(sysfs_, device, record.host_driver, undo, progress_),
                       undo, progress_));
  NFV_TRY(or_roll_back(store_.save(remaining), undo, progress_));
  undo.commit();
  return record;
}

Result<AdoptionReport> VfManager::adopt() {
  auto lock = store_.lock();
  if (!lock) return std::move(lock).error();
  auto records = store_.load();
  if (!records) return std::move(records).error();
  AdoptionReport report = reconcile_allocations(sysfs_, *records);
  for (const Allocation& a : report.adopted) {
    say(fmt::format("adopted {} ({})", a.device.str(), describe_owner(a)));
  }
  for (const StaleAllocation& stale : report.dropped) {
    say(fmt::format("dropped the record of {} for {}: {}", stale.record.device.str(),
                    describe_owner(stale.record), stale.reason));
  }
  if (!report.dropped.empty()) NFV_TRY(store_.save(report.adopted));
  return report;
}

Result<VfState> VfManager::configure(const PciAddress& vf, const VfSettings& settings) {
  auto records = store_.load();
  if (!records) return std::move(records).error();
  auto device = read_pci_device(sysfs_, vf);
  if (!device) return std::move(device).error();
  if (device->driver == kVfioPciDriver && find_record(*records, vf) == nullptr) {
    return make_error(
        "VF {} is on vfio-pci but not allocated by nfv-appliance: another tool "
        "or VM holds it; refusing to change its settings",
        vf.str());
  }
  UndoLog undo;
  VfState after;
  NFV_TRY(or_roll_back(apply_settings(vf, settings, undo, &after), undo, progress_));
  undo.commit();
  return after;
}

Result<VfState> VfManager::vf_state(const PciAddress& vf) {
  if (netlink_ == nullptr) {
    return make_error("VF {}: reading VF settings needs an rtnetlink connection", vf.str());
  }
  auto target = vf_target(vf);
  if (!target) return std::move(target).error();
  return VfConfigurator(*netlink_).query_vf(target->pf_ifname, target->location.index);
}

Result<VfState> VfManager::vf_counters(const PciAddress& vf) {
  if (netlink_ == nullptr) {
    return make_error("VF {}: reading VF counters needs an rtnetlink connection", vf.str());
  }
  auto target = vf_target(vf);
  if (!target) return std::move(target).error();
  auto vfs = read_vf_counters(*netlink_, target->pf_ifname);
  if (!vfs) return std::move(vfs).error();
  for (VfState& state : *vfs) {
    if (state.index == target->location.index) return std::move(state);
  }
  return make_error("VF {}: its PF {} reports no VF {}; the VF was removed meanwhile", vf.str(),
                    target->pf_ifname, target->location.index);
}

Result<Inventory> VfManager::inventory() const {
  Inventory inventory;
  auto pfs = discover_physical_functions(sysfs_);
  if (!pfs) return std::move(pfs).error();
  inventory.pfs = std::move(*pfs);
  auto records = store_.load();
  if (!records) return std::move(records).error();
  AdoptionReport report = reconcile_allocations(sysfs_, *records);
  inventory.allocations = std::move(report.adopted);
  inventory.stale = std::move(report.dropped);
  for (const Allocation& a : inventory.allocations) {
    if (a.pf) continue;
    auto device = read_pci_device(sysfs_, a.device);
    if (device) inventory.whole_devices.push_back(std::move(*device));
  }
  return inventory;
}

}  // namespace nfv::sriov
