// The SR-IOV commands, each run with the backends it was registered with.
#pragma once

#include <string>
#include <vector>

#include "nfv/cli/command.h"
#include "nfv/nfvctl/sriov_commands.h"

namespace nfv::nfvctl {

using SriovCommand = int (*)(cli::Context&, const std::vector<std::string>&, const SriovBackends&);

int run_vfs(cli::Context& ctx, const std::vector<std::string>& args, const SriovBackends& backends);
int run_vf_adopt(cli::Context& ctx, const std::vector<std::string>& args,
                 const SriovBackends& backends);
int run_vf_create(cli::Context& ctx, const std::vector<std::string>& args,
                  const SriovBackends& backends);
int run_vf_bind(cli::Context& ctx, const std::vector<std::string>& args,
                const SriovBackends& backends);
int run_vf_release(cli::Context& ctx, const std::vector<std::string>& args,
                   const SriovBackends& backends);
int run_vf_set(cli::Context& ctx, const std::vector<std::string>& args,
               const SriovBackends& backends);

}  // namespace nfv::nfvctl
