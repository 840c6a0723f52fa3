// The VFIO character devices: is VFIO usable, and what the kernel itself says of a group
// (VFIO_GROUP_GET_STATUS, or EBUSY when another process holds it). Behind an interface: tests
// have no /dev/vfio. The messages for the operator are built on top, in vfio_checks.h.
#pragma once

#include <filesystem>
#include <string>

#include "nfv/common/result.h"

namespace nfv::sriov {

// What opening /dev/vfio/<group> and asking VFIO_GROUP_GET_STATUS tells. A group that is not
// viable still has its node (some device of it is on vfio-pci): only the ioctl says so.
enum class GroupStatus { kViable, kNotViable, kInUse };

class VfioGroups {
 public:
  virtual ~VfioGroups() = default;
  // The container exists and offers a type-1 IOMMU (not the unsafe no-IOMMU mode).
  virtual Status check_available() = 0;
  // The kernel's answer for the group. Errors (with the fix) when the node is missing (code
  // ENOENT), exists only in no-IOMMU mode, or is not a VFIO group.
  virtual Result<GroupStatus> group_status(unsigned group) = 0;
  // The process holding the group's node open, "qemu-system-x86 (pid 4242)"; empty when unknown.
  virtual std::string group_holder(unsigned group) = 0;
};

// The real thing: <dev>/vfio/vfio and <dev>/vfio/<group>, default dev root /dev; holders are
// looked up under <proc> (default /proc). Never picks no-IOMMU mode (/dev/vfio/noiommu-N):
// that is refused with an explanation.
class KernelVfioGroups : public VfioGroups {
 public:
  explicit KernelVfioGroups(std::filesystem::path dev_root = "/dev",
                            std::filesystem::path sysfs_root = "/sys",
                            std::filesystem::path proc_root = "/proc");
  Status check_available() override;
  Result<GroupStatus> group_status(unsigned group) override;
  std::string group_holder(unsigned group) override;

 private:
  std::filesystem::path vfio_dir_;
  std::filesystem::path sysfs_root_;
  std::filesystem::path proc_root_;
};

// The kernel reported `group` not viable and sysfs names no culprit: where to look, under
// `sysfs_root`.
Error group_not_viable_error(const std::filesystem::path& sysfs_root, unsigned group);

// Scans <proc_root>/<pid>/fd for a descriptor open on `node`: "comm (pid N)", or empty.
std::string find_node_holder(const std::filesystem::path& proc_root,
                             const std::filesystem::path& node);

}  // namespace nfv::sriov
