// A PCI function address (domain:bus:device.function), as sysfs spells it: 0000:3b:02.0.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "nfv/common/result.h"

namespace nfv::sriov {

struct PciAddress {
  uint16_t domain = 0;
  uint8_t bus = 0;
  uint8_t device = 0;    // 0..31
  uint8_t function = 0;  // 0..7

  // "0000:3b:02.0", or the short "3b:02.0" (domain 0), case-insensitive.
  static Result<PciAddress> parse(std::string_view text);

  std::string str() const;  // lower-case, always with the domain
  // Routing id within the domain: bus << 8 | device << 3 | function.
  uint16_t routing_id() const;
  static PciAddress from_routing_id(uint16_t domain, uint16_t routing_id);

  auto operator<=>(const PciAddress&) const = default;
};

// Address of VF `index` of `pf`: routing id = PF routing id + offset + index * stride
// (sriov_offset, sriov_stride). Fails when the result leaves the domain's bus range.
Result<PciAddress> vf_address(const PciAddress& pf, unsigned offset, unsigned stride,
                              unsigned index);

}  // namespace nfv::sriov
