// The VFIO character devices: is VFIO usable, and is a group viable, asked of the kernel itself
// (VFIO_GROUP_GET_STATUS) after sysfs says so. Behind an interface: tests have no /dev/vfio.
#pragma once

#include <filesystem>

#include "nfv/common/result.h"

namespace nfv::sriov {

class VfioGroups {
 public:
  virtual ~VfioGroups() = default;
  // The container exists and offers a type-1 IOMMU (not the unsafe no-IOMMU mode).
  virtual Status check_available() = 0;
  // The group's device node opens and the kernel reports it viable.
  virtual Status check_group_viable(unsigned group) = 0;
};

// The real thing: <dev>/vfio/vfio and <dev>/vfio/<group>, default dev root /dev. Never picks
// no-IOMMU mode (/dev/vfio/noiommu-N): that is refused with an explanation. The sysfs root
// (default /sys) is where its messages send the operator to look.
class KernelVfioGroups : public VfioGroups {
 public:
  explicit KernelVfioGroups(std::filesystem::path dev_root = "/dev",
                            std::filesystem::path sysfs_root = "/sys");
  Status check_available() override;
  Status check_group_viable(unsigned group) override;

 private:
  std::filesystem::path vfio_dir_;
  std::filesystem::path sysfs_root_;
};

// The kernel reported `group` not viable: which devices to look at, under `sysfs_root`.
Error group_not_viable_error(const std::filesystem::path& sysfs_root, unsigned group);

}  // namespace nfv::sriov
