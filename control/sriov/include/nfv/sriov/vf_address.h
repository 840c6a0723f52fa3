// Where the kernel puts a PF's VFs: their PCI addresses follow from the PF's SR-IOV layout.
#pragma once

#include "nfv/common/result.h"
#include "nfv/sriov/pci.h"

namespace nfv::sriov {

// Address of VF `index` of `pf`: routing id = PF routing id + offset + index * stride
// (sriov_offset, sriov_stride). Fails when the result leaves the domain's bus range.
Result<PciAddress> vf_address(const PciAddress& pf, unsigned offset, unsigned stride,
                              unsigned index);

}  // namespace nfv::sriov
