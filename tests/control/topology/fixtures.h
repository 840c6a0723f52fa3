// Shared by the topology tests: the recorded machines (loaded once per process) and configs.
#pragma once

#include <string>

#include "nfv/config/config.h"
#include "nfv/topology/model.h"

namespace nfv::topology::testing {

std::string fixture_path(const std::string& file);
// The recorded machine `file`, loaded once; its source is the bare file name so plans do not
// depend on where the repository is checked out. Fails the test (and aborts) if it cannot load.
const Topology& fixture(const std::string& file);

// "16intel64-manyVFs.xml" -> "16intel64_manyVFs": a GoogleTest parameter name.
std::string test_name_for(const std::string& file);

std::string example_path(const std::string& file);
config::ApplianceConfig example(const std::string& file);
// Parses YAML written in a test; origin "test.yaml".
config::ApplianceConfig config_from(const std::string& yaml);

}  // namespace nfv::topology::testing
