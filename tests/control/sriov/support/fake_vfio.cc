#include "fake_vfio.h"

#include <cerrno>

namespace nfv::sriov::testing {

namespace fs = std::filesystem;

Status FakeVfioGroups::check_available() {
  if (!available) return make_error_code(ENOENT, "fake: /dev/vfio/vfio is missing");
  return {};
}

std::vector<std::string> FakeVfioGroups::members(unsigned group) const {
  std::vector<std::string> bdfs;
  fs::path devices = root_ / "kernel/iommu_groups" / std::to_string(group) / "devices";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(devices, ec)) {
    bdfs.push_back(entry.path().filename().string());
  }
  return bdfs;
}

std::string FakeVfioGroups::driver_of(const std::string& bdf) const {
  fs::path driver = root_ / "bus/pci/devices" / bdf / "driver";
  return fs::is_symlink(driver) ? fs::read_symlink(driver).filename().string() : "";
}

Result<GroupStatus> FakeVfioGroups::group_status(unsigned group) {
  checked.push_back(group);
  std::vector<std::string> bdfs = members(group);
  bool node = false;
  bool viable = true;
  for (const std::string& bdf : bdfs) {
    std::string driver = driver_of(bdf);
    node = node || driver == "vfio-pci";
    viable = viable && (driver.empty() || driver == "vfio-pci");
  }
  if (!node) {
    return make_error_code(ENOENT, "fake: /dev/vfio/{} absent: no vfio-pci device in group {}",
                           group, group);
  }
  if (busy.count(group) > 0 || !group_holder(group).empty()) return GroupStatus::kInUse;
  return viable ? GroupStatus::kViable : GroupStatus::kNotViable;
}

std::string FakeVfioGroups::group_holder(unsigned group) {
  if (kernel_ == nullptr) return "";
  for (const std::string& bdf : members(group)) {
    std::string holder = kernel_->holder_of(bdf);
    if (!holder.empty()) return holder;
  }
  return "";
}

}  // namespace nfv::sriov::testing
