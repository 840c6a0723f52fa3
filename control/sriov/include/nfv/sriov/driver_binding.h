// Moving a PCI device between its host driver and vfio-pci with driver_override, the sequence
// of the kernel's pci-iov how-to: override, unbind, drivers_probe, verify. Every write records
// its inverse in the undo log.
#pragma once

#include <string>

#include "nfv/common/result.h"
#include "nfv/sriov/pci.h"
#include "nfv/sriov/sysfs.h"
#include "nfv/sriov/undo_log.h"

namespace nfv::sriov {

// vfio-pci must be registered (bus/pci/drivers/vfio-pci) before anything is handed to it.
Status check_vfio_pci_loaded(const Sysfs& sysfs);

// Binds the device to vfio-pci (unbinding its host driver first). A device already on vfio-pci
// is left alone.
Status bind_to_vfio_pci(const Sysfs& sysfs, const PciAddress& address, UndoLog& undo,
                        const Progress& progress = {});

// Gives a device on vfio-pci back to `host_driver`, or leaves it unbound when `host_driver` is
// empty (a VF created with autoprobe 0 had no driver before). Clears driver_override.
Status return_from_vfio_pci(const Sysfs& sysfs, const PciAddress& address,
                            const std::string& host_driver, UndoLog& undo,
                            const Progress& progress = {});

}  // namespace nfv::sriov
