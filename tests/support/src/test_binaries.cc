#include "nfv/testing/test_binaries.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "nfv/common/strings.h"

namespace nfv::testing {

Result<std::string> test_binary_path(std::string_view name) {
  std::vector<std::string> candidates;
  if (const char* dir = std::getenv("NFV_TEST_BIN_DIR")) {
    candidates.push_back(std::string(dir) + "/" + std::string(name));
  }
  // The build directories of the programs tests start, relative to the build root.
  for (const char* sub : {"traffic", "dataplane", "control/nfvd", "control/nfvctl", "perf"}) {
    candidates.push_back(std::string(NFV_TEST_BUILD_DIR) + "/" + sub + "/" + std::string(name));
  }
  for (const std::string& path : candidates) {
    if (::access(path.c_str(), X_OK) == 0) return path;
  }
  return make_error("test binary {} not found (looked in {}); build it first, e.g. ninja {}", name,
                    join(candidates, ", "), name);
}

std::string unique_file_prefix(std::string_view tag) {
  static std::atomic<unsigned> counter{0};
  return std::string(tag) + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

}  // namespace nfv::testing

namespace nfv::testing {

std::string dpdk_runtime_dir(std::string_view prefix) {
  return "/var/run/dpdk/" + std::string(prefix);
}

void remove_dpdk_runtime_dir(std::string_view prefix) {
  if (prefix.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(dpdk_runtime_dir(prefix), ignored);
}

}  // namespace nfv::testing
