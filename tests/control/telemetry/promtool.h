// Runs Prometheus's promtool (Debian package prometheus) for the exposition and config tests.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::telemetry::testing {

struct PromtoolRun {
  int exit_code = -1;  // -1: it did not exit normally
  std::string output;  // stdout and stderr together
};

// promtool's path from PATH, or nullopt when it is not installed.
std::optional<std::string> find_promtool();

// promtool <args...> with `input` on its stdin; files live in `work_dir`.
Result<PromtoolRun> run_promtool(const std::string& promtool, const std::vector<std::string>& args,
                                 std::string_view input, const std::string& work_dir);

// Lines of promtool's output, without empty ones.
std::vector<std::string> output_lines(const std::string& output);

}  // namespace nfv::telemetry::testing
