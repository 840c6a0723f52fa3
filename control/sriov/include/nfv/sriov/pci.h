// The SR-IOV code works on the host's PCI facts (nfv/host/pci_address.h, pci_device.h): one
// reader for the switch's pre-flight, the topology model and this component. Named here as its
// own so that its interfaces read `sriov::PciAddress`.
#pragma once

#include "nfv/host/pci_address.h"
#include "nfv/host/pci_device.h"

namespace nfv::sriov {

using host::PciAddress;
using host::PciDevice;
using host::read_pci_device;

}  // namespace nfv::sriov
