#include "fake_vfio.h"

#include <cerrno>

namespace nfv::sriov::testing {

namespace fs = std::filesystem;

Status FakeVfioGroups::check_available() {
  if (!available) return make_error_code(ENOENT, "fake: /dev/vfio/vfio is missing");
  return {};
}

Status FakeVfioGroups::check_group_viable(unsigned group) {
  checked.push_back(group);
  if (busy.count(group) > 0) return make_error_code(EBUSY, "fake: /dev/vfio/{} is busy", group);
  fs::path devices = root_ / "kernel/iommu_groups" / std::to_string(group) / "devices";
  std::error_code ec;
  if (!fs::is_directory(devices, ec)) {
    return make_error_code(ENOENT, "fake: no IOMMU group {}", group);
  }
  bool any_vfio = false;
  for (const auto& entry : fs::directory_iterator(devices)) {
    fs::path driver = entry.path() / "driver";
    if (!fs::is_symlink(driver)) continue;
    std::string name = fs::read_symlink(driver).filename().string();
    if (name != "vfio-pci") {
      return make_error_code(ENOENT, "fake: /dev/vfio/{} absent: {} is on {}", group,
                             entry.path().filename().string(), name);
    }
    any_vfio = true;
  }
  if (!any_vfio)
    return make_error_code(ENOENT, "fake: /dev/vfio/{} absent: no vfio-pci device", group);
  return {};
}

}  // namespace nfv::sriov::testing
