#include "nfv/sriov/vfio.h"

#include <fcntl.h>
#include <linux/vfio.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "nfv/common/unique_fd.h"
#include "nfv/sriov/iommu_group.h"

namespace nfv::sriov {

namespace fs = std::filesystem;

KernelVfioGroups::KernelVfioGroups(fs::path dev_root, fs::path sysfs_root, fs::path proc_root)
    : vfio_dir_(std::move(dev_root) / "vfio"),
      sysfs_root_(std::move(sysfs_root)),
      proc_root_(std::move(proc_root)) {}

Error group_not_viable_error(const fs::path& sysfs_root, unsigned group) {
  fs::path devices = sysfs_root / "kernel/iommu_groups" / std::to_string(group) / "devices";
  return make_error(
      "the kernel reports IOMMU group {} not viable (VFIO_GROUP_GET_STATUS): a "
      "device of the group is bound to a host driver; list them with `ls -l "
      "{}/*/driver`, unbind them or bind them to vfio-pci",
      group, devices.string());
}

Status KernelVfioGroups::check_available() {
  fs::path container_path = vfio_dir_ / "vfio";
  UniqueFd container(::open(container_path.c_str(), O_RDWR | O_CLOEXEC));
  if (!container.valid()) {
    int err = errno;
    if (err == ENOENT) {
      return make_error_code(err,
                             "VFIO is not available: {} is missing (vfio-pci not loaded or "
                             "no IOMMU); {}",
                             container_path.string(), kIommuFix);
    }
    return make_error_code(err, "cannot open the VFIO container {}: {}; run as root",
                           container_path.string(), std::strerror(err));
  }
  int version = ::ioctl(container.get(), VFIO_GET_API_VERSION);
  if (version < 0) {
    int err = errno;
    return make_error_code(err, "{} is not a VFIO container (VFIO_GET_API_VERSION: {})",
                           container_path.string(), std::strerror(err));
  }
  if (version != VFIO_API_VERSION) {
    return make_error("{}: VFIO API version {} is not the supported {}", container_path.string(),
                      version, VFIO_API_VERSION);
  }
  if (::ioctl(container.get(), VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) > 0 ||
      ::ioctl(container.get(), VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) > 0) {
    return {};
  }
  return make_error(
      "{} offers no type-1 IOMMU (only the unsafe no-IOMMU mode, if any): the "
      "IOMMU is off; {}. nfv-appliance never uses no-IOMMU mode",
      container_path.string(), kIommuFix);
}

Result<GroupStatus> KernelVfioGroups::group_status(unsigned group) {
  fs::path group_path = vfio_dir_ / std::to_string(group);
  UniqueFd fd(::open(group_path.c_str(), O_RDWR | O_CLOEXEC));
  if (!fd.valid()) {
    int err = errno;
    std::error_code ec;
    if (err == ENOENT && fs::exists(vfio_dir_ / ("noiommu-" + std::to_string(group)), ec)) {
      return make_error_code(err,
                             "IOMMU group {} exists only in the unsafe no-IOMMU mode "
                             "(vfio.enable_unsafe_noiommu_mode=1): no DMA isolation, "
                             "refused; {}",
                             group, kIommuFix);
    }
    if (err == ENOENT) {
      return make_error_code(err,
                             "IOMMU group {} has no VFIO device node {}: no device of the "
                             "group is on vfio-pci, or the IOMMU is off; {}",
                             group, group_path.string(), kIommuFix);
    }
    if (err == EBUSY) return GroupStatus::kInUse;  // VFIO groups open once: someone holds it
    return make_error_code(err, "cannot open {}: {}", group_path.string(), std::strerror(err));
  }
  vfio_group_status status{};
  status.argsz = sizeof status;
  if (::ioctl(fd.get(), VFIO_GROUP_GET_STATUS, &status) < 0) {
    int err = errno;
    return make_error_code(err, "{} is not a VFIO group (VFIO_GROUP_GET_STATUS: {})",
                           group_path.string(), std::strerror(err));
  }
  return (status.flags & VFIO_GROUP_FLAGS_VIABLE) != 0 ? GroupStatus::kViable
                                                       : GroupStatus::kNotViable;
}

std::string KernelVfioGroups::group_holder(unsigned group) {
  return find_node_holder(proc_root_, vfio_dir_ / std::to_string(group));
}

std::string find_node_holder(const fs::path& proc_root, const fs::path& node) {
  std::error_code ec;
  for (const auto& process : fs::directory_iterator(proc_root, ec)) {
    std::string pid = process.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code fd_ec;
    for (const auto& fd : fs::directory_iterator(process.path() / "fd", fd_ec)) {
      std::error_code link_ec;
      if (fs::read_symlink(fd.path(), link_ec) != node) continue;
      std::ifstream comm_file(process.path() / "comm");
      std::string comm;
      std::getline(comm_file, comm);
      return fmt::format("{} (pid {})", comm.empty() ? "a process" : comm, pid);
    }
  }
  return "";
}

}  // namespace nfv::sriov
