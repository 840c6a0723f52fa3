// The fake kernel's udev: VF netdevs renamed from the kernel's ethN to their predictable name
// some time after they appear.
#include <fmt/format.h>

#include "fake_kernel.h"
#include "fake_tree_io.h"

namespace nfv::sriov::testing {

namespace fs = std::filesystem;

void FakeKernel::set_udev_rename_delay(std::optional<std::chrono::milliseconds> delay) {
  std::lock_guard lock(mutex_);
  rename_delay_ = delay;
}

void FakeKernel::settle_udev() {
  std::lock_guard lock(mutex_);
  for (const PendingRename& rename : renames_) rename_netdev(rename.bdf, rename.from, rename.to);
  renames_.clear();
}

void FakeKernel::on_access() {
  std::lock_guard lock(mutex_);
  rename_due(std::chrono::steady_clock::now());
}

std::string FakeKernel::kernel_netdev_name() const {
  unsigned index = 0;
  while (fs::exists(backing_ / "class/net" / fmt::format("eth{}", index))) ++index;
  return fmt::format("eth{}", index);
}

// "enp59s0f0v3": the PF's interface name and the VF's index, what udev's naming gives.
std::string FakeKernel::vf_predictable_name(const fs::path& device) const {
  if (!fs::is_symlink(device / "physfn")) return "";
  fs::path pf = fs::canonical(device / "physfn");
  std::string pf_ifname;
  if (fs::is_directory(pf / "net")) {
    for (const auto& entry : fs::directory_iterator(pf / "net")) {
      pf_ifname = entry.path().filename().string();
    }
  }
  for (const auto& entry : fs::directory_iterator(pf)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("virtfn", 0) == 0 && fs::canonical(entry.path()) == device) {
      return pf_ifname + "v" + name.substr(6);
    }
  }
  return "";
}

void FakeKernel::schedule_rename(const std::string& bdf, const std::string& from,
                                 const std::string& to) {
  auto due = rename_delay_ ? std::chrono::steady_clock::now() + *rename_delay_
                           : std::chrono::steady_clock::time_point::max();
  renames_.push_back({bdf, from, to, due});
}

void FakeKernel::rename_due(std::chrono::steady_clock::time_point now) {
  std::vector<PendingRename> later;
  for (const PendingRename& rename : renames_) {
    if (rename.due <= now) {
      rename_netdev(rename.bdf, rename.from, rename.to);
    } else {
      later.push_back(rename);
    }
  }
  renames_ = std::move(later);
}

void FakeKernel::rename_netdev(const std::string& bdf, const std::string& from,
                               const std::string& to) {
  auto device = device_dir(bdf);
  if (!device || !fs::is_directory(*device / "net" / from)) return;
  fs::rename(*device / "net" / from, *device / "net" / to);
  write_raw(*device / "net" / to / "name_assign_type", "4\n");
  fs::remove(backing_ / "class/net" / from);
  link_relative(*device / "net" / to, backing_ / "class/net" / to);
}

}  // namespace nfv::sriov::testing
