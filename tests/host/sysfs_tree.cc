#include "sysfs_tree.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace nfv::host::testing {

namespace fs = std::filesystem;

SysfsTree::SysfsTree() {
  std::string pattern = (fs::temp_directory_path() / "nfv-host-sysfs-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
}

SysfsTree::~SysfsTree() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void SysfsTree::write(const std::string& relative, const std::string& text) {
  fs::path file = root_ / relative;
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text << "\n";
}

void SysfsTree::link(const std::string& relative, const std::string& target) {
  fs::path at = root_ / relative;
  fs::create_directories(at.parent_path());
  fs::create_symlink(target, at);
}

void SysfsTree::hugepages(uint32_t node, uint64_t kib, uint64_t total, uint64_t free) {
  std::string dir = "devices/system/node/node" + std::to_string(node) + "/hugepages/hugepages-" +
                    std::to_string(kib) + "kB/";
  write(dir + "nr_hugepages", std::to_string(total));
  write(dir + "free_hugepages", std::to_string(free));
}

std::string SysfsTree::device_dir(const std::string& bdf) { return "devices/pci0000:00/" + bdf; }

void SysfsTree::pci_device(const std::string& bdf, const std::string& vendor,
                           const std::string& device, const std::string& class_code,
                           const std::string& numa_node, const std::string& driver) {
  std::string dir = device_dir(bdf);
  write(dir + "/vendor", "0x" + vendor);
  write(dir + "/device", "0x" + device);
  write(dir + "/class", "0x" + class_code);
  write(dir + "/numa_node", numa_node);
  write(dir + "/driver_override", "(null)");
  link("bus/pci/devices/" + bdf, "../../../" + dir);
  if (!driver.empty()) link(dir + "/driver", "../../../bus/pci/drivers/" + driver);
}

void SysfsTree::iommu_group(unsigned group, const std::string& bdf) {
  std::string dir = "kernel/iommu_groups/" + std::to_string(group);
  link(dir + "/devices/" + bdf, "../../../../" + device_dir(bdf));
  link(device_dir(bdf) + "/iommu_group", "../../../" + dir);
}

void SysfsTree::cpus(const std::string& present, const std::string& online,
                     const std::string& isolated, const std::string& nohz_full) {
  write("devices/system/cpu/present", present);
  write("devices/system/cpu/online", online);
  if (isolated != "-") write("devices/system/cpu/isolated", isolated);
  if (nohz_full != "-") write("devices/system/cpu/nohz_full", nohz_full);
}

void SysfsTree::virtfn(const std::string& pf, unsigned index, const std::string& vf) {
  link(device_dir(pf) + "/virtfn" + std::to_string(index), "../" + vf);
  link(device_dir(vf) + "/physfn", "../" + pf);
}

void SysfsTree::rdma_port(const std::string& bdf, const std::string& ibdev, unsigned port,
                          const std::map<std::string, std::string>& counters,
                          const std::map<std::string, std::string>& hw_counters) {
  std::string dir = device_dir(bdf) + "/infiniband/" + ibdev + "/ports/" + std::to_string(port);
  fs::create_directories(root_ / dir);
  for (const auto& [name, value] : counters) write(dir + "/counters/" + name, value);
  for (const auto& [name, value] : hw_counters) write(dir + "/hw_counters/" + name, value);
}

}  // namespace nfv::host::testing
