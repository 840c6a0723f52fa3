// VFIO without /dev/vfio: the README's optional fake. /dev/vfio/<group> "exists", and the group
// is viable, only while every device of the group is on vfio-pci or unbound. Computed from the
// fake tree on its own (not with the code under test's viability walk).
#pragma once

#include <filesystem>
#include <set>
#include <vector>

#include "nfv/sriov/vfio.h"

namespace nfv::sriov::testing {

class FakeVfioGroups : public VfioGroups {
 public:
  explicit FakeVfioGroups(std::filesystem::path sysfs_root) : root_(std::move(sysfs_root)) {}

  Status check_available() override;
  Status check_group_viable(unsigned group) override;

  bool available = true;          // false models a host without /dev/vfio/vfio
  std::set<unsigned> busy;        // groups another process (QEMU) holds open: EBUSY
  std::vector<unsigned> checked;  // groups asked about, in order

 private:
  std::filesystem::path root_;
};

}  // namespace nfv::sriov::testing
