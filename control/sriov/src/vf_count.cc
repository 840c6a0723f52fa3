#include "nfv/sriov/vf_count.h"

#include <cerrno>
#include <cstring>

namespace nfv::sriov {
namespace {

Status write_numvfs(const Sysfs& sysfs, const PhysicalFunction& pf, unsigned count) {
  Status written =
      sysfs.write(device_attr(pf.device.address, "sriov_numvfs"), std::to_string(count));
  if (!written) {
    int code = written.error().code;
    return Error{explain_numvfs_error(pf, count, code), code};
  }
  return {};
}

Status write_autoprobe(const Sysfs& sysfs, const PciAddress& pf, bool value) {
  Status written = sysfs.write(device_attr(pf, "sriov_drivers_autoprobe"), value ? "1" : "0");
  if (!written) {
    return Error{fmt::format("PF {}: cannot set sriov_drivers_autoprobe to {}: {}", pf.str(),
                             value ? 1 : 0, written.error().message),
                 written.error().code};
  }
  return {};
}

}  // namespace

std::string explain_numvfs_error(const PhysicalFunction& pf, unsigned requested, int error_code) {
  std::string pf_name = "PF " + pf.device.address.str();
  if (!pf.netdev().empty()) pf_name += " (" + pf.netdev() + ")";
  switch (error_code) {
    case EBUSY:
      if (requested == 0) {
        return fmt::format(
            "{}: cannot remove its VFs (EBUSY): a VF is still in use by a VM or "
            "DPDK process; stop it and release the VF (nfvctl vf release), then "
            "retry",
            pf_name);
      }
      return fmt::format(
          "{}: cannot set {} VFs (EBUSY): VFs are already enabled; the count "
          "changes only through 0 (nfvctl vf create --count 0 first)",
          pf_name, requested);
    case ENOENT:
      return fmt::format(
          "{}: SR-IOV cannot be configured via sysfs (ENOENT): no driver is bound "
          "to the PF or its driver{} does not support sriov_numvfs; bind the PF "
          "to its host driver first",
          pf_name, pf.device.driver.empty() ? "" : " " + pf.device.driver);
    case ERANGE:
      return fmt::format("{}: {} VFs is more than it supports (ERANGE, sriov_totalvfs is {})",
                         pf_name, requested, pf.total_vfs);
    case EINVAL:
      return fmt::format(
          "{}: the driver rejected {} as a VF count (EINVAL); see dmesg for its "
          "reason (some drivers need a specific count or the PF link up)",
          pf_name, requested);
    case ENOSPC:
      return fmt::format(
          "{}: not enough PCI bus numbers or MMIO space for {} VFs (ENOSPC); "
          "enable SR-IOV in the BIOS or boot with pci=realloc",
          pf_name, requested);
    case EPERM:
      return fmt::format(
          "{}: SR-IOV is disabled by the adapter's firmware (EPERM); enable it "
          "(e.g. mlxconfig SRIOV_EN=1 NUM_OF_VFS=N) and reboot",
          pf_name);
    case EACCES:
      return fmt::format("{}: permission denied writing sriov_numvfs (EACCES); run as root",
                         pf_name);
    default:
      return fmt::format("{}: the driver{} failed to set {} VFs: {} (errno {}); see dmesg", pf_name,
                         pf.device.driver.empty() ? "" : " " + pf.device.driver, requested,
                         std::strerror(error_code), error_code);
  }
}

Result<PhysicalFunction> set_vf_count(const Sysfs& sysfs, const VfCountChange& change,
                                      UndoLog& undo, const Progress& progress) {
  const PciAddress& address = change.pf;
  auto pf = read_physical_function(sysfs, address);
  if (!pf) return std::move(pf).error();
  auto say = [&](const std::string& line) {
    if (progress) progress("PF " + address.str() + ": " + line);
  };
  if (change.count > pf->total_vfs) {
    return Error{explain_numvfs_error(*pf, change.count, ERANGE), ERANGE};
  }
  bool count_changes = change.count != pf->num_vfs;
  if (count_changes && pf->device.driver.empty()) {
    return Error{explain_numvfs_error(*pf, change.count, ENOENT), ENOENT};
  }

  const unsigned old_count = pf->num_vfs;
  if (count_changes && old_count > 0) {
    // The kernel changes the count only through 0: remove the old VFs first.
    say(fmt::format("removing {} VFs (sriov_numvfs {} -> 0)", old_count, old_count));
    NFV_TRY(write_numvfs(sysfs, *pf, 0));
    PhysicalFunction before = *pf;
    undo.record(fmt::format("re-create {} VFs on PF {}", old_count, address.str()),
                [sysfs, before, old_count]() { return write_numvfs(sysfs, before, old_count); });
  }
  if (change.autoprobe && *change.autoprobe != pf->drivers_autoprobe) {
    bool old_autoprobe = pf->drivers_autoprobe;
    say(fmt::format("sriov_drivers_autoprobe {} -> {}", old_autoprobe ? 1 : 0,
                    *change.autoprobe ? 1 : 0));
    NFV_TRY(write_autoprobe(sysfs, address, *change.autoprobe));
    undo.record(fmt::format("restore sriov_drivers_autoprobe {} on PF {}", old_autoprobe ? 1 : 0,
                            address.str()),
                [sysfs, address, old_autoprobe]() {
                  return write_autoprobe(sysfs, address, old_autoprobe);
                });
  }
  if (count_changes && change.count > 0) {
    say(fmt::format("enabling {} VFs (sriov_numvfs 0 -> {})", change.count, change.count));
    NFV_TRY(write_numvfs(sysfs, *pf, change.count));
    PhysicalFunction before = *pf;
    undo.record(fmt::format("remove the {} new VFs of PF {}", change.count, address.str()),
                [sysfs, before]() { return write_numvfs(sysfs, before, 0); });
  }
  if (!count_changes) say(fmt::format("already has {} VFs", old_count));

  auto after = read_physical_function(sysfs, address);
  if (!after) return std::move(after).error();
  if (after->num_vfs != change.count || after->vfs.size() != change.count) {
    return make_error(
        "PF {}: asked for {} VFs but sysfs shows sriov_numvfs {} and {} virtfn "
        "links; the driver enabled fewer (see dmesg; firmware may limit VFs)",
        address.str(), change.count, after->num_vfs, after->vfs.size());
  }
  return after;
}

}  // namespace nfv::sriov
