// DPDK telemetry commands, so the stock dpdk-telemetry.py reads the switch with the names
// stats.get, pmd.list and bridge.list use (telemetry_tree.h):
//   /nfv/info, /nfv/ports, /nfv/stats,<port>, /nfv/pmds, /nfv/bridges
// An unknown port, or none, answers an error (null in dpdk-telemetry.py).
#pragma once

#include "nfv/dataplane/switch.h"

namespace nfv::dp {

// Registers the commands; they read `sw` until unregister_telemetry() (process lifetime).
void register_telemetry(Switch* sw);
void unregister_telemetry();

}  // namespace nfv::dp
