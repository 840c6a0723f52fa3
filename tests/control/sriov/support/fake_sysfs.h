// A fake sysfs for one test: the tree of tests/fixtures/sriov/make-fake-sysfs.sh, mounted
// through FUSE with the kernel's write rules (FakeKernel). root() is what the code under test
// takes as its sysfs root; backing() holds the real files, for snapshots and assertions.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "fake_kernel.h"
#include "fuse_mount.h"
#include "tree_snapshot.h"

namespace nfv::sriov::testing {

class FakeSysfs {
 public:
  // profile: "telco", "shared-group" (VFs then land in their PF's IOMMU group), or a recorded
  // machine: "dgx2", "dgx2-acs-off", "dual-socket" (VF groups follow ACS). Throws
  // std::runtime_error when the tree cannot be built or mounted.
  explicit FakeSysfs(const std::string& profile = "telco");
  ~FakeSysfs();
  FakeSysfs(const FakeSysfs&) = delete;
  FakeSysfs& operator=(const FakeSysfs&) = delete;

  const std::filesystem::path& root() const { return mountpoint_; }
  const std::filesystem::path& backing() const { return backing_; }
  // A scratch directory beside the tree, for state files and fake /dev trees.
  const std::filesystem::path& scratch() const { return scratch_; }
  FakeKernel& kernel() { return *kernel_; }
  // The tree once the renames udev has due are done (time passed).
  TreeSnapshot snapshot() const {
    kernel_->on_access();
    return take_snapshot(backing_);
  }

 private:
  std::filesystem::path base_;
  std::filesystem::path backing_;
  std::filesystem::path mountpoint_;
  std::filesystem::path scratch_;
  std::unique_ptr<FakeKernel> kernel_;
  std::unique_ptr<FuseMount> mount_;
};

}  // namespace nfv::sriov::testing
