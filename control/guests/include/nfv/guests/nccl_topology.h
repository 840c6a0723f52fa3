// The NCCL topology file of an AI guest (the XML NCCL_TOPO_FILE names): its GPUs and NIC VFs at
// their guest-side PCI addresses (guest_pcie_layout.h), nested as close as they are on the
// host, with the host's device ids and PCIe link speeds. Inside a VM NCCL sees only emulated
// ports and cannot tell which NIC is close to which GPU; with this file it can.
//
// NCCL's reading of the nesting: a <pci> element holding others is a PCIe switch; a device
// directly under <cpu> is behind the host bridge. So a GPU and its NIC VF under one switch
// element are PIX (GPUDirect RDMA used by default), while devices on root ports of their own
// are PHB. The guest's layout is built so that what the file says is also what the guest's
// sysfs shows.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/guests/guest_pcie_layout.h"

namespace nfv::guests {

// What NCCL reads of a PCI function (sysfs file contents as they are: "0x030200", "0x10de",
// "8.0 GT/s PCIe", "16"); an empty field, or one with characters NCCL's reader cannot take
// (it knows no quoting or entities), is left out and NCCL reads the guest's own.
struct PciFacts {
  std::string class_code, vendor, device, subsystem_vendor, subsystem_device;
  std::string link_speed, link_width;
};
using PciFactsByAddress = std::map<std::string, PciFacts>;  // by host PCI address

// Pure. `facts` holds the host devices and host switches of the layout (missing ones are
// written without ids). The guest has one NUMA cell: every device is under <cpu numaid="0">.
std::string nccl_topology_xml(const GuestPcieLayout& layout, const PciFactsByAddress& facts);

// The host addresses whose facts the file needs: every device and every host switch.
std::vector<std::string> nccl_fact_addresses(const GuestPcieLayout& layout);

// Reads the facts of `addresses` under `sysfs_root`/bus/pci/devices. A device that is not
// there is an error naming it; a file it lacks is an empty field.
Result<PciFactsByAddress> read_pci_facts(const std::string& sysfs_root,
                                         const std::vector<std::string>& addresses);

}  // namespace nfv::guests

namespace nfv::guests {

// Writes the guest's NCCL topology file (spec.nccl_topology_file; nothing when it is ""), read
// by QEMU when the guest starts: the layout of spec.gpus with the facts under `sysfs_root`.
// Replaced whole (a temporary file renamed over it), readable by QEMU's user.
Status write_nccl_topology(const DomainSpec& spec, const std::string& sysfs_root);

}  // namespace nfv::guests
