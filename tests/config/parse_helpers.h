// What every config test does: parse a YAML text as "t.yaml", expecting success or an error.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "nfv/config/parse.h"

namespace nfv::config::testing {

// The parsed config; a test failure (and an empty config) when it is refused.
inline ApplianceConfig parse_ok(const std::string& yaml) {
  auto config = parse_config(yaml, "t.yaml");
  EXPECT_TRUE(config) << config.error().message;
  return config ? *config : ApplianceConfig{};
}

// The error's text; a test failure (and "") when the config is accepted.
inline std::string parse_error(const std::string& yaml) {
  auto config = parse_config(yaml, "t.yaml");
  EXPECT_FALSE(config) << "accepted:\n" << yaml;
  return config ? "" : config.error().message;
}

}  // namespace nfv::config::testing
