// nfvctl's commands in tests: run in-process through a command registry, as nfvctl's main runs
// them, with their exit code and output captured.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nfv/cli/command.h"

namespace nfv::testing {

// What one command left: its exit code and output.
struct CommandRun {
  int exit_code = -1;
  std::string out;
  std::string err;

  // `out` parsed as JSON; a test failure (and a discarded value) when it is not JSON.
  nlohmann::json json() const;
};

// Runs `args` (the command's words, then its arguments) through `registry`, with --json when
// `json` is set. A test failure, and exit code -1, when no command matches.
CommandRun run_command(const cli::Registry& registry, const std::vector<std::string>& args,
                       bool json = false);

}  // namespace nfv::testing
