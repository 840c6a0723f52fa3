// Runs Prometheus's promtool (Debian package prometheus) for the exposition and config tests.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/testing/test_dirs.h"

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

// Tests that run promtool: skipped, saying why, when it is not installed.
class PromtoolTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // promtool <args...> with `input` on its stdin; a failure to run it fails the test.
  PromtoolRun promtool(const std::vector<std::string>& args, std::string_view input = "");

 private:
  std::string promtool_;
  std::optional<nfv::testing::TestDir> dir_;
};

}  // namespace nfv::telemetry::testing
