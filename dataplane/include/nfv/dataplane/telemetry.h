// DPDK telemetry commands, so the stock dpdk-telemetry.py reads the switch:
//   /nfv/info, /nfv/ports, /nfv/stats,<port>, /nfv/pmds
#pragma once

#include "nfv/dataplane/switch.h"

namespace nfv::dp {

// Registers the commands; they read `sw` until unregister_telemetry() (process lifetime).
void register_telemetry(Switch* sw);
void unregister_telemetry();

}  // namespace nfv::dp
