#include "nfv/sriov/allocation.h"

#include <fmt/format.h>

namespace nfv::sriov {

std::string_view purpose_name(Purpose purpose) {
  return purpose == Purpose::kGuest ? "guest" : "switch-port";
}

Result<Purpose> parse_purpose(std::string_view text) {
  if (text == "guest") return Purpose::kGuest;
  if (text == "switch-port") return Purpose::kSwitchPort;
  return make_error("purpose '{}' is not one of: guest, switch-port", text);
}

std::string libvirt_hostdev_xml(const PciAddress& device) {
  return fmt::format(
      "<hostdev mode='subsystem' type='pci' managed='no'><source><address domain='0x{:04x}' "
      "bus='0x{:02x}' slot='0x{:02x}' function='0x{:x}'/></source></hostdev>",
      device.domain, device.bus, device.device, device.function);
}

}  // namespace nfv::sriov
