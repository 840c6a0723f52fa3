// PCI functions nested the way the kernel nests them (one directory level per bridge), added to
// a test's sysfs tree: class, driver link, raw config file, bus/pci/devices link and IOMMU
// group links, all with absolute targets inside the tree.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sysfs_tree.h"

namespace nfv::preflight::testing {

inline void pci_function(host::testing::SysfsTree& tree, const std::string& dir,
                         const std::string& class_code, const std::string& driver,
                         const std::vector<uint8_t>& config) {
  tree.write(dir + "/class", class_code);
  if (!driver.empty()) {
    tree.write("bus/pci/drivers/" + driver + "/new_id", "");
    tree.link(dir + "/driver", (tree.root() / "bus/pci/drivers" / driver).string());
  }
  std::ofstream out(tree.root() / dir / "config", std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(config.data()), static_cast<long>(config.size()));
  std::string bdf = std::filesystem::path(dir).filename().string();
  if (!tree.sysfs().exists("bus/pci/devices/" + bdf)) {
    tree.link("bus/pci/devices/" + bdf, (tree.root() / dir).string());
  }
}

inline void pci_group(host::testing::SysfsTree& tree, unsigned group, const std::string& dir) {
  std::string bdf = std::filesystem::path(dir).filename().string();
  std::string group_dir = "kernel/iommu_groups/" + std::to_string(group);
  tree.link(group_dir + "/devices/" + bdf, (tree.root() / dir).string());
  tree.link(dir + "/iommu_group", (tree.root() / group_dir).string());
}

}  // namespace nfv::preflight::testing
