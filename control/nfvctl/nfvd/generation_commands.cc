// nfvctl commit | rollback | generations: the safety net of `apply --confirm-timeout` and the
// generations nfvd keeps.
#include <iostream>

#include "nfv/api/nfvd_api.h"
#include "nfv/nfvctl/nfvd_commands.h"
#include "nfvd/nfvd_call.h"
#include "nfvd/views.h"

namespace nfv::nfvctl {
namespace {

namespace po = boost::program_options;
using cli::Context;

int commit(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("commit");
  int code = 0;
  if (!cli::parse_args(ctx, "commit", args, options, {}, code)) return code;
  return call_nfvd<api::Empty, api::NfvdCommitResult>(
      ctx, api::kNfvdCommit, {}, [](std::ostream& out, const api::NfvdCommitResult& result) {
        out << "generation " << result.generation << " confirmed: it stays\n";
      });
}

int rollback(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("rollback");
  int code = 0;
  if (!cli::parse_args(ctx, "rollback", args, options, {}, code)) return code;
  if (!ctx.json) std::cerr << "nfvctl: rolling back ...\n";
  return call_nfvd<api::Empty, api::NfvdApplyResult>(ctx, api::kNfvdRollback, {}, render_apply);
}

int generations(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("generations");
  int code = 0;
  if (!cli::parse_args(ctx, "generations", args, options, {}, code)) return code;
  return call_nfvd<api::Empty, api::NfvdGenerationList>(ctx, api::kNfvdGenerations, {},
                                                        render_generations);
}

}  // namespace

void register_generation_commands(cli::Registry& registry) {
  registry.add(
      {"commit", "nfvd: keep the apply waiting for confirmation (--confirm-timeout)", commit});
  registry.add({"rollback",
                "nfvd: return to the previous generation (or the one an unconfirmed apply "
                "replaced), as a diffed apply",
                rollback});
  registry.add({"generations", "nfvd: the generations kept, newest first", generations});
}

}  // namespace nfv::nfvctl
