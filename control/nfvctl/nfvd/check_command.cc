// nfvctl check FILE: the config validated and the host's pre-flight, through nfvd when its
// socket answers (nfvd sees the host it manages), else here with the same code (nfvd's
// check_config) and a note saying so; --local checks here without asking nfvd, and the roots
// and recording it reads can be given (--sysfs, --procfs, --topology).
#include <filesystem>
#include <fstream>
#include <sstream>

#include "nfv/api/nfvd_api.h"
#include "nfv/api/switch_client.h"
#include "nfv/cli/output.h"
#include "nfv/nfvctl/nfvd_commands.h"
#include "nfv/nfvd/check_config.h"
#include "nfvd/views.h"

namespace nfv::nfvctl {
namespace {

namespace po = boost::program_options;

// Exit code: 1 when the config is invalid or the host cannot carry it, 3 with warnings only.
int exit_code_of(const api::NfvdCheckResult& result) {
  if (!result.valid) return cli::kExitError;
  bool warned = false;
  for (const api::PreflightFinding& finding : result.findings) {
    if (finding.severity == "error") return cli::kExitError;
    warned = true;
  }
  return warned ? cli::kExitWarnings : cli::kExitOk;
}

api::NfvdCheckResult check_here(const api::NfvdConfigParams& params,
                                const nfvd::HostCheckOptions& host, const std::string& why) {
  api::NfvdCheckResult result = nfvd::check_config(params, host);
  result.preflight_note = why + "; checked here by nfvctl (" + host.roots.sysfs + ", " +
                          host.roots.procfs + ")" +
                          (result.preflight_note.empty() ? "" : "; " + result.preflight_note);
  return result;
}

}  // namespace

int run_check(cli::Context& ctx, const std::vector<std::string>& args) {
  std::string file;
  bool local = false;
  nfvd::HostCheckOptions host;
  host.switch_socket = ctx.switch_socket;
  po::options_description options("check");
  options.add_options()("config", po::value(&file)->required(), "config file (YAML)")(
      "local", po::bool_switch(&local), "check here, without asking nfvd")(
      "topology", po::value(&host.topology_xml)->value_name("FILE.xml"),
      "here: plan on an hwloc recording instead of this machine")(
      "sysfs", po::value(&host.roots.sysfs)->default_value("/sys")->value_name("DIR"),
      "here: the sysfs root read")(
      "procfs", po::value(&host.roots.procfs)->default_value("/proc")->value_name("DIR"),
      "here: the procfs root read");
  po::positional_options_description positional;
  positional.add("config", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "check", args, options, positional, code, " FILE")) return code;
  auto params = read_config_file(file);
  if (!params) return cli::fail(ctx, params.error().message);
  // A recording is never the host nfvd manages: --topology checks here too.
  std::string here = local                        ? "--local"
                     : !host.topology_xml.empty() ? "a recording (--topology)"
                                                  : "";
  auto client = here.empty() ? api::SwitchClient::connect(ctx.nfvd_socket, "nfvctl")
                             : Result<api::SwitchClient>(make_error("{}", here));
  api::NfvdCheckResult result;
  if (client) {
    auto answer = client->call(api::kNfvdCheck, *params);
    if (!answer) return cli::fail(ctx, "nfvd.check: " + answer.error().message);
    result = std::move(answer).value();
  } else {
    std::string why = here.empty() ? "nfvd does not answer at " + ctx.nfvd_socket : here;
    result = check_here(*params, host, why);
  }
  cli::emit(ctx, api::to_wire(result), [&](std::ostream& out) { render_check(out, result); });
  return exit_code_of(result);
}

}  // namespace nfv::nfvctl
