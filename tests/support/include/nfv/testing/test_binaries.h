// Where the programs under test were built. Looks in $NFV_TEST_BIN_DIR first (to test an
// installed or separately built copy), then in the build tree this test was built in.
#pragma once

#include <string>
#include <string_view>

#include "nfv/common/result.h"

namespace nfv::testing {

// test_binary_path("nfv-traffic") -> "<build>/traffic/nfv-traffic"
Result<std::string> test_binary_path(std::string_view name);

// A DPDK --file-prefix no other process of this machine uses: "<tag>-<pid>-<counter>".
std::string unique_file_prefix(std::string_view tag);

// Where a DPDK process run as root keeps its runtime files: /var/run/dpdk/<prefix>.
std::string dpdk_runtime_dir(std::string_view prefix);
// DPDK 22.11 leaves config and fbarray files there even after a clean exit (nfv-traffic
// removes its own); fixtures remove what a killed or foreign process left.
void remove_dpdk_runtime_dir(std::string_view prefix);

}  // namespace nfv::testing
