// nfvctl commands that talk to nfvd: `check FILE`, `diff FILE`, `apply FILE`, `status`,
// `ports`, `bridges`, `commit`, `rollback`, `generations`.
#pragma once

#include <string>
#include <vector>

#include "nfv/api/nfvd_api.h"
#include "nfv/cli/command.h"
#include "nfv/common/result.h"

namespace nfv::nfvctl {

inline constexpr const char* kDefaultNfvdSocket = "/run/nfvd/nfvd.sock";

void register_nfvd_commands(cli::Registry& registry);

// A config file read to send as text, with its absolute path naming it in messages.
Result<api::NfvdConfigParams> read_config_file(const std::string& path);

// `commit`, `rollback`, `generations`: the confirmation window and the generations kept.
void register_generation_commands(cli::Registry& registry);

// `check FILE [--local]`: through nfvd when it answers, else here (the same check, and a note).
int run_check(cli::Context& ctx, const std::vector<std::string>& args);

}  // namespace nfv::nfvctl
