#include "nfv/host/pci_address.h"

#include <cctype>

#include "nfv/common/strings.h"

namespace nfv::host {
namespace {

Result<uint64_t> parse_hex_field(std::string_view field, size_t digits, uint64_t max,
                                 std::string_view text) {
  if (field.size() != digits) {
    return make_error("PCI address '{}': expected DDDD:BB:DD.F (e.g. 0000:3b:02.0)", text);
  }
  for (char c : field) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return make_error("PCI address '{}': '{}' is not hexadecimal", text, field);
    }
  }
  auto value = parse_uint(std::string("0x") + std::string(field), "PCI address field", 0, max);
  if (!value) return make_error("PCI address '{}': field '{}' is out of range", text, field);
  return *value;
}

}  // namespace

Result<PciAddress> PciAddress::parse(std::string_view text) {
  std::string_view rest = trim(text);
  auto parts = split(rest, ':');
  if (parts.size() == 2) parts.insert(parts.begin(), "0000");
  if (parts.size() != 3) {
    return make_error("PCI address '{}': expected DDDD:BB:DD.F (e.g. 0000:3b:02.0)", text);
  }
  auto dot = parts[2].find('.');
  if (dot == std::string::npos) {
    return make_error("PCI address '{}': missing '.function' (e.g. 0000:3b:02.0)", text);
  }
  auto domain = parse_hex_field(parts[0], 4, 0xffff, text);
  if (!domain) return std::move(domain).error();
  auto bus = parse_hex_field(parts[1], 2, 0xff, text);
  if (!bus) return std::move(bus).error();
  auto device = parse_hex_field(std::string_view(parts[2]).substr(0, dot), 2, 0x1f, text);
  if (!device) return std::move(device).error();
  auto function = parse_hex_field(std::string_view(parts[2]).substr(dot + 1), 1, 7, text);
  if (!function) return std::move(function).error();
  return PciAddress{static_cast<uint16_t>(*domain), static_cast<uint8_t>(*bus),
                    static_cast<uint8_t>(*device), static_cast<uint8_t>(*function)};
}

std::string PciAddress::str() const {
  return fmt::format("{:04x}:{:02x}:{:02x}.{:x}", domain, bus, device, function);
}

uint16_t PciAddress::routing_id() const {
  return static_cast<uint16_t>(bus << 8 | device << 3 | function);
}

PciAddress PciAddress::from_routing_id(uint16_t domain, uint16_t routing_id) {
  return PciAddress{domain, static_cast<uint8_t>(routing_id >> 8),
                    static_cast<uint8_t>((routing_id >> 3) & 0x1f),
                    static_cast<uint8_t>(routing_id & 0x7)};
}

}  // namespace nfv::host
