#include "nfv/testing/command_run.h"

#include <gtest/gtest.h>

#include <sstream>

namespace nfv::testing {

nlohmann::json CommandRun::json() const {
  auto value = nlohmann::json::parse(out, nullptr, false);
  EXPECT_FALSE(value.is_discarded()) << "not JSON:\n" << out;
  return value;
}

CommandRun run_command(const cli::Registry& registry, const std::vector<std::string>& args,
                       bool json) {
  size_t consumed = 0;
  const cli::Command* command = registry.find(args, consumed);
  if (command == nullptr) {
    ADD_FAILURE() << "no command matches '" << (args.empty() ? "" : args.front()) << "'";
    return {};
  }
  std::ostringstream out;
  std::ostringstream err;
  cli::Context ctx;
  ctx.json = json;
  ctx.out = &out;
  ctx.err = &err;
  std::vector<std::string> rest(args.begin() + static_cast<long>(consumed), args.end());
  int code = command->run(ctx, rest);
  return {code, out.str(), err.str()};
}

}  // namespace nfv::testing
