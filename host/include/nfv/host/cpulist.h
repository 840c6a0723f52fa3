// The kernel's CPU list format (cpulist files, isolcpus): "0-3,8,10-11". Pure parsing.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::host {

// The CPUs of a cpulist, ascending and unique; an empty (or blank) list is no CPU. `what` names
// the list in errors.
Result<std::vector<uint32_t>> parse_cpulist(std::string_view text, std::string_view what);

}  // namespace nfv::host
