// `nfvctl top`: a live view of packets per second and losses per port.
#pragma once

#include <string>
#include <vector>

#include "nfv/cli/command.h"

namespace nfv::nfvctl {
int top_command(cli::Context& ctx, const std::vector<std::string>& args);
}  // namespace nfv::nfvctl
