// Frames as hex text, for the send_hex/recv commands and test diagnostics.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::traffic {

// Lower-case, no separators: "ffffffffffff0200...".
std::string to_hex(std::span<const uint8_t> bytes);
// Accepts upper or lower case; spaces and ':' between byte pairs are ignored.
Result<std::vector<uint8_t>> from_hex(std::string_view text);

}  // namespace nfv::traffic
