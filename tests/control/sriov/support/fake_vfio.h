// VFIO without /dev/vfio, as the kernel behaves: /dev/vfio/<group> exists while some device of
// the group is on vfio-pci; VFIO_GROUP_GET_STATUS says viable only when no device of the group is
// on a host driver (a non-viable group keeps its node); opening a group that a process holds
// (FakeKernel::hold_open, or `busy`) gives EBUSY. Computed from the fake tree on its own (not
// with the code under test's viability walk).
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "fake_kernel.h"
#include "nfv/sriov/vfio.h"

namespace nfv::sriov::testing {

class FakeVfioGroups : public VfioGroups {
 public:
  explicit FakeVfioGroups(std::filesystem::path sysfs_root, const FakeKernel* kernel = nullptr)
      : root_(std::move(sysfs_root)), kernel_(kernel) {}

  Status check_available() override;
  Result<GroupStatus> group_status(unsigned group) override;
  std::string group_holder(unsigned group) override;

  bool available = true;          // false models a host without /dev/vfio/vfio
  std::set<unsigned> busy;        // groups another, unnamed, process holds open: EBUSY
  std::vector<unsigned> checked;  // groups asked about, in order

 private:
  std::vector<std::string> members(unsigned group) const;
  std::string driver_of(const std::string& bdf) const;

  std::filesystem::path root_;
  const FakeKernel* kernel_;
};

}  // namespace nfv::sriov::testing
