#include "nfv/sriov/vf_address.h"

namespace nfv::sriov {

Result<PciAddress> vf_address(const PciAddress& pf, unsigned offset, unsigned stride,
                              unsigned index) {
  uint64_t rid = uint64_t{pf.routing_id()} + offset + uint64_t{index} * stride;
  if (rid > 0xffff) {
    return make_error(
        "PF {}: VF {} would sit past bus ff (offset {}, stride {}); the PF reports "
        "an impossible SR-IOV layout",
        pf.str(), index, offset, stride);
  }
  return PciAddress::from_routing_id(pf.domain, static_cast<uint16_t>(rid));
}

}  // namespace nfv::sriov
