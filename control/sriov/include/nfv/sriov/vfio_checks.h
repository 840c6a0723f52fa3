// What the SR-IOV operations ask of VFIO, with messages for the operator: is a group viable
// (and if not, which device makes it so), and is a device's group free to be unbound. Built on
// the VfioGroups adapter and sysfs; no other state.
#pragma once

#include <chrono>

#include "nfv/common/result.h"
#include "nfv/sriov/pci.h"
#include "nfv/sriov/sysfs.h"
#include "nfv/sriov/undo_log.h"
#include "nfv/sriov/vfio.h"

namespace nfv::sriov {

// The kernel must say the group is viable. Not viable: the error names each device of the group
// on a host driver and the fix; in use: who holds it.
Status check_group_viable(VfioGroups& vfio, const Sysfs& sysfs, unsigned group);

// Unbinding a device from vfio-pci blocks in the kernel while a process (QEMU) holds its group
// open. Waits up to `wait` (polling, no lock held by this function) for the group to be let go;
// then an error naming the device, its group and the holder. A group without a node is free.
Status wait_until_group_released(VfioGroups& vfio, const PciAddress& device, unsigned group,
                                 std::chrono::milliseconds wait, const Progress& progress = {});

}  // namespace nfv::sriov
