// A PCI function address (domain:bus:device.function), as sysfs spells it: 0000:3b:02.0.
// Pure values: parsing and formatting touch no file.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "nfv/common/result.h"

namespace nfv::host {

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

}  // namespace nfv::host
