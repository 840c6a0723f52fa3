// nfvctl commands of the topology component: `topology` and `plan`.
#pragma once

#include "nfv/cli/command.h"

namespace nfv::nfvctl {
void register_topology_commands(cli::Registry& registry);
}  // namespace nfv::nfvctl
