#include "fake_sysfs.h"

#include <cstdlib>
#include <stdexcept>

namespace nfv::sriov::testing {

namespace fs = std::filesystem;

FakeSysfs::FakeSysfs(const std::string& profile) {
  std::string pattern = (fs::temp_directory_path() / "nfv-fake-sysfs-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  base_ = pattern;
  backing_ = base_ / "tree";
  mountpoint_ = base_ / "sys";
  scratch_ = base_ / "scratch";
  fs::create_directories(mountpoint_);
  fs::create_directories(scratch_);
  std::string command = std::string(NFV_FAKE_SYSFS_SCRIPT) + " '" + backing_.string() + "' " +
                        profile + " >/dev/null";
  if (std::system(command.c_str()) != 0) {
    fs::remove_all(base_);
    throw std::runtime_error("building the fake sysfs failed: " + command);
  }
  auto groups = profile == "shared-group" ? FakeKernel::VfGroups::kPf
                : profile == "telco"      ? FakeKernel::VfGroups::kOwn
                                          : FakeKernel::VfGroups::kByAcs;
  kernel_ = std::make_unique<FakeKernel>(backing_, groups);
  try {
    mount_ = std::make_unique<FuseMount>(backing_, mountpoint_, *kernel_);
  } catch (...) {
    fs::remove_all(base_);
    throw;
  }
}

FakeSysfs::~FakeSysfs() {
  mount_.reset();
  std::error_code ec;
  fs::remove_all(base_, ec);
}

}  // namespace nfv::sriov::testing
