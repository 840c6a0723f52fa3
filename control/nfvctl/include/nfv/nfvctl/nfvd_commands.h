// nfvctl commands that talk to nfvd: `diff FILE`, `apply FILE`, `status`, `ports`, `bridges`.
#pragma once

#include "nfv/cli/command.h"

namespace nfv::nfvctl {

inline constexpr const char* kDefaultNfvdSocket = "/run/nfvd/nfvd.sock";

void register_nfvd_commands(cli::Registry& registry);

}  // namespace nfv::nfvctl
