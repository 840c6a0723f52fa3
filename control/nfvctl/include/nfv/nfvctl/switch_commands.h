// nfvctl commands that drive nfv-switch over its control socket.
#pragma once

#include "nfv/cli/command.h"

namespace nfv::nfvctl {
void register_switch_commands(cli::Registry& registry);
}  // namespace nfv::nfvctl
