// Read access to a sysfs tree rooted at a path ("/sys" on a server, a directory built by a test
// elsewhere): every reader of host facts goes through it, so no path under /sys is hard-coded.
// Plain file I/O, no caching: sysfs changes under us (VFs appear, drivers bind).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::host {

class Sysfs {
 public:
  explicit Sysfs(std::filesystem::path root = "/sys");

  const std::filesystem::path& root() const { return root_; }
  // `relative` is joined to the root ("bus/pci/devices/0000:3b:00.0/vendor").
  std::filesystem::path path(std::string_view relative) const;

  // True when the entry exists (a dangling symlink counts as absent).
  bool exists(std::string_view relative) const;
  // The attribute's content without the trailing newline and surrounding blanks. On failure the
  // Error's code is the errno (ENOENT for a missing attribute).
  Result<std::string> read(std::string_view relative) const;
  // The attribute as an unsigned number (decimal, or hex with 0x), at most `max`.
  Result<uint64_t> read_uint(std::string_view relative, uint64_t max = UINT64_MAX) const;
  // The last component of a symlink's target: "driver" -> "i40e", "iommu_group" -> "40".
  // An empty string when the link does not exist (an unbound device has no `driver` link).
  Result<std::string> link_name(std::string_view relative) const;
  // Entry names of a directory, sorted; an error when the directory is missing.
  Result<std::vector<std::string>> list(std::string_view relative) const;
  // Like list(), but a missing directory has no entry (a kernel without NUMA, an IOMMU off).
  Result<std::vector<std::string>> list_if_present(std::string_view relative) const;

 private:
  std::filesystem::path root_;
};

// procfs is read the same way (plain files under a root, "/proc" on a server): the readers of
// /proc files (cmdline, irq/) take a Procfs so their root is a parameter too.
using Procfs = Sysfs;

}  // namespace nfv::host
