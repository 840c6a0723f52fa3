#include "promtool.h"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace nfv::telemetry::testing {
namespace {

std::string shell_quoted(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out.append("'\\''");
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

}  // namespace

std::optional<std::string> find_promtool() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/promtool";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

Result<PromtoolRun> run_promtool(const std::string& promtool, const std::vector<std::string>& args,
                                 std::string_view input, const std::string& work_dir) {
  std::string in_path = work_dir + "/promtool.in";
  std::string out_path = work_dir + "/promtool.out";
  std::ofstream(in_path, std::ios::binary) << input;
  std::string command = shell_quoted(promtool);
  for (const std::string& arg : args) command += fmt::format(" {}", shell_quoted(arg));
  command += fmt::format(" <{} >{} 2>&1", shell_quoted(in_path), shell_quoted(out_path));
  int status = std::system(command.c_str());
  if (status == -1) return make_error("cannot run {}", command);
  PromtoolRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::stringstream output;
  output << std::ifstream(out_path).rdbuf();
  run.output = output.str();
  return run;
}

std::vector<std::string> output_lines(const std::string& output) {
  std::vector<std::string> lines;
  std::stringstream stream(output);
  std::string line;
  while (std::getline(stream, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

void PromtoolTest::SetUp() {
  auto found = find_promtool();
  if (!found) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  promtool_ = *found;
  auto dir = nfv::testing::TestDir::create();
  ASSERT_TRUE(dir.ok()) << dir.error().message;
  dir_.emplace(std::move(dir).value());
}

PromtoolRun PromtoolTest::promtool(const std::vector<std::string>& args, std::string_view input) {
  auto run = run_promtool(promtool_, args, input, dir_->path());
  EXPECT_TRUE(run.ok()) << run.error().message;
  return run.ok() ? *run : PromtoolRun{};
}

}  // namespace nfv::telemetry::testing
