// The PCI rules of the fake kernel that the recorded-machine profiles need: which driver claims
// a device, a VF's config space, and whether ACS isolates a device (IOMMU groups).
#pragma once

#include <filesystem>
#include <string>

namespace nfv::sriov::testing {

// The driver whose id table holds the device (hex ids without 0x, class as "0x030200"); empty
// when no driver of the profiles claims it.
std::string driver_for_ids(const std::string& vendor, const std::string& device,
                           const std::string& pci_class);

// A VF's config space from its PF's: the VF device id, no SR-IOV capability, the PF's ATS.
std::string vf_config_space(const std::string& pf_config, unsigned vf_device);

// True when ACS lets the IOMMU tell `device` from its peers, as the kernel judges it
// (pci_acs_path_enabled from the bridge above): every root and downstream port above it
// enables SV, RR, CR and UF. Otherwise it joins the group of the bridge above it. Reads the
// bridges' `config` files.
bool isolated_by_acs(const std::filesystem::path& device);

}  // namespace nfv::sriov::testing
