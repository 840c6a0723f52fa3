// The PCIe facts of the devices given to AI guests (GPUs and their paired NICs), read from
// sysfs under a root given as a parameter: the bridges from the root port down to the device
// with their parsed config space and driver, and the device's IOMMU group with every member.
// The thin adapter in front of the pure PCIe path check (check_pcie.cc).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nfv/host/sysfs.h"
#include "nfv/preflight/pcie_config.h"

namespace nfv::preflight {

struct PcieFunction {
  std::string bdf;
  std::string driver;  // empty when unbound
  bool bridge = false;
  std::optional<PcieConfig> config;  // nullopt: not read or not parsable (config_problem says)
  std::string config_problem;
};

struct PciePath {
  std::vector<PcieFunction> bridges;  // the root port first, down to the device's parent
  PcieFunction device;
  std::optional<unsigned> iommu_group;      // nullopt: no iommu_group link
  std::vector<PcieFunction> group_members;  // every member (the device too); no config read
};

// Keyed by BDF. A device missing under bus/pci/devices has no entry.
struct PcieFacts {
  std::map<std::string, PciePath> devices;

  const PciePath* find(const std::string& bdf) const;
};

// The path of every BDF in `bdfs` (a VF not created yet is read as its PF: it appears beside
// it: the caller asks for the PF). Never fails: what cannot be read is said in the facts.
PcieFacts read_pcie_facts(const host::Sysfs& sysfs, const std::vector<std::string>& bdfs);

// The path of one device; nullopt when bus/pci/devices/<bdf> does not exist.
std::optional<PciePath> read_pcie_path(const host::Sysfs& sysfs, const std::string& bdf);

}  // namespace nfv::preflight
