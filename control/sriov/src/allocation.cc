#include "nfv/sriov/allocation.h"

namespace nfv::sriov {

std::string_view purpose_name(Purpose purpose) {
  return purpose == Purpose::kGuest ? "guest" : "switch-port";
}

Result<Purpose> parse_purpose(std::string_view text) {
  if (text == "guest") return Purpose::kGuest;
  if (text == "switch-port") return Purpose::kSwitchPort;
  return make_error("purpose '{}' is not one of: guest, switch-port", text);
}

}  // namespace nfv::sriov
