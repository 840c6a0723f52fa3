// A sysfs tree in a fresh temporary directory, built by each test with the layout the kernel
// uses: files, symlinks, hugepage pools and PCI functions. The host reader takes its root().
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "nfv/host/sysfs.h"

namespace nfv::host::testing {

class SysfsTree {
 public:
  SysfsTree();  // throws std::runtime_error when no temporary directory can be made
  ~SysfsTree();
  SysfsTree(const SysfsTree&) = delete;
  SysfsTree& operator=(const SysfsTree&) = delete;

  const std::filesystem::path& root() const { return root_; }
  Sysfs sysfs() const { return Sysfs(root_); }

  // `text` and a newline, as the kernel prints attributes; parent directories are created.
  void write(const std::string& relative, const std::string& text);
  // A symlink at `relative` (parents created) pointing to `target`, kept as given.
  void link(const std::string& relative, const std::string& target);

  // devices/system/node/node<N>/hugepages/hugepages-<kib>kB/{nr,free}_hugepages.
  void hugepages(uint32_t node, uint64_t kib, uint64_t total, uint64_t free);

  // A PCI function under devices/pci0000:00, linked from bus/pci/devices: vendor, device and
  // class in the kernel's 0x-hex, numa_node as given ("-1" for unknown), driver_override unset.
  // An empty `driver` leaves it unbound.
  void pci_device(const std::string& bdf, const std::string& vendor, const std::string& device,
                  const std::string& class_code, const std::string& numa_node,
                  const std::string& driver);
  // The device directory of `bdf`, relative to the root.
  static std::string device_dir(const std::string& bdf);
  // Both directions of an IOMMU group membership.
  void iommu_group(unsigned group, const std::string& bdf);
  // devices/system/cpu/{present,online} and, when given (not "-"), isolated and nohz_full.
  void cpus(const std::string& present, const std::string& online, const std::string& isolated,
            const std::string& nohz_full);
  // PF <-> VF links: <pf>/virtfn<index> and <vf>/physfn.
  void virtfn(const std::string& pf, unsigned index, const std::string& vf);
  // An RDMA device's port under a PCI function: <bdf>/infiniband/<ibdev>/ports/<port>/ with one
  // file per counter in counters/ and hw_counters/ (a directory is made only when it has one).
  void rdma_port(const std::string& bdf, const std::string& ibdev, unsigned port,
                 const std::map<std::string, std::string>& counters,
                 const std::map<std::string, std::string>& hw_counters);

 private:
  std::filesystem::path root_;
};

}  // namespace nfv::host::testing
