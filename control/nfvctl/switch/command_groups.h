// The switch commands by group, each registering its commands in `nfvctl --help` order.
#pragma once

#include "nfv/cli/command.h"

namespace nfv::nfvctl {

void register_port_commands(cli::Registry& registry);    // port list|add|del|set, vlan set
void register_bridge_commands(cli::Registry& registry);  // bridge add|del|list
void register_mac_commands(cli::Registry& registry);     // mac list|add|del|flush
void register_pmd_commands(cli::Registry& registry);     // pmd list|rebalance
void register_stats_commands(cli::Registry& registry);   // stats, top

}  // namespace nfv::nfvctl
