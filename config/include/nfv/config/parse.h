// YAML -> ApplianceConfig, as pure functions. Every error names the file, the YAML path and the
// line ("telco.yaml: guests[2].vcpus: must be >= 1 (line 14)"); unknown keys are refused with
// the known ones listed, so a typo never silently falls back to a default.
#pragma once

#include <string>
#include <string_view>

#include "nfv/common/result.h"
#include "nfv/config/config.h"

namespace nfv::config {

// Parses and validates one config document. `origin` names it in messages.
Result<ApplianceConfig> parse_config(std::string_view yaml, std::string_view origin);

// Reads `path` and parses it with the path as origin.
Result<ApplianceConfig> load_config_file(const std::string& path);

}  // namespace nfv::config
