// Every sysfs access of the SR-IOV code goes through this accessor, rooted at a path (default
// /sys) so the same code runs on a server and against a test tree. Plain file I/O: no caching,
// because sysfs changes under us (VFs appear, drivers bind).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/sriov/pci_address.h"

namespace nfv::sriov {

class Sysfs {
 public:
  explicit Sysfs(std::filesystem::path root = "/sys");

  const std::filesystem::path& root() const { return root_; }
  // `relative` is joined to the root ("bus/pci/devices/0000:3b:00.0/vendor").
  std::filesystem::path path(std::string_view relative) const;

  // True when the entry exists (a dangling symlink counts as absent).
  bool exists(std::string_view relative) const;
  // The attribute's content without the trailing newline and surrounding blanks.
  Result<std::string> read(std::string_view relative) const;
  // One write(2) of `value`, as `echo -n value > file` does. On failure the Error's code is the
  // errno the kernel returned (EBUSY, EINVAL, ENODEV...), so callers can explain it.
  Status write(std::string_view relative, std::string_view value) const;
  // The last component of a symlink's target: "driver" -> "i40e", "iommu_group" -> "40".
  // An empty string when the link does not exist (an unbound device has no `driver` link).
  Result<std::string> link_name(std::string_view relative) const;
  // Entry names of a directory, sorted; an error when the directory is missing.
  Result<std::vector<std::string>> list(std::string_view relative) const;

 private:
  std::filesystem::path root_;
};

// "bus/pci/devices/<BDF>" and "bus/pci/devices/<BDF>/<attribute>".
std::string device_path(const PciAddress& address);
std::string device_attr(const PciAddress& address, std::string_view attribute);

}  // namespace nfv::sriov
