// nfvctl diff|apply|status|ports|bridges: requests to nfvd over its control socket. The config file
// is read here and sent as text, so nfvd never needs access to the operator's files.
#include "nfv/nfvctl/nfvd_commands.h"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "nfv/api/nfvd_api.h"
#include "nfv/api/switch_client.h"
#include "nfv/cli/output.h"
#include "nfvd/nfvd_call.h"
#include "nfvd/views.h"

namespace nfv::nfvctl {

Result<api::NfvdConfigParams> read_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error("cannot read config file {}", path);
  std::stringstream text;
  text << in.rdbuf();
  api::NfvdConfigParams params;
  params.config_text = text.str();
  params.config_path = std::filesystem::absolute(path).string();
  if (params.config_text.empty()) return make_error("config file {} is empty", path);
  return params;
}

namespace {

namespace po = boost::program_options;
using cli::Context;

// `diff FILE` and `apply FILE`: one positional config file, read and sent as text.
std::optional<api::NfvdConfigParams> config_arg(Context& ctx, const std::string& command,
                                                const std::vector<std::string>& args, int& code) {
  std::string file;
  uint64_t confirm_timeout_s = 0;
  po::options_description options(command);
  options.add_options()("config", po::value(&file)->required(), "config file (YAML)");
  if (command == "apply") {
    options.add_options()(
        "confirm-timeout", po::value(&confirm_timeout_s)->value_name("SECONDS"),
        "roll back by itself unless `nfvctl commit` comes within SECONDS (for changes that "
        "may cut you off)");
  }
  po::positional_options_description positional;
  positional.add("config", 1);
  if (!cli::parse_args(ctx, command, args, options, positional, code, " FILE")) {
    return std::nullopt;
  }
  auto params = read_config_file(file);
  if (!params) {
    code = cli::fail(ctx, params.error().message);
    return std::nullopt;
  }
  params->confirm_timeout_s = confirm_timeout_s;
  return std::move(params).value();
}

int diff(Context& ctx, const std::vector<std::string>& args) {
  int code = 0;
  auto params = config_arg(ctx, "diff", args, code);
  if (!params) return code;
  return call_nfvd<api::NfvdConfigParams, api::NfvdPlanResult>(
      ctx, api::kNfvdDiff, *params,
      [](std::ostream& out, const api::NfvdPlanResult& result) { out << result.text; });
}

int apply(Context& ctx, const std::vector<std::string>& args) {
  int code = 0;
  auto params = config_arg(ctx, "apply", args, code);
  if (!params) return code;
  // Starting and stopping guests takes seconds each: say that the wait is expected.
  if (!ctx.json) std::cerr << "nfvctl: applying " << params->config_path << " ...\n";
  return call_nfvd<api::NfvdConfigParams, api::NfvdApplyResult>(ctx, api::kNfvdApply, *params,
                                                                render_apply);
}

int status(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("status");
  int code = 0;
  if (!cli::parse_args(ctx, "status", args, options, {}, code)) return code;
  return call_nfvd<api::Empty, api::NfvdStatus>(ctx, api::kNfvdStatus, {}, render_nfvd_status);
}

// The last drift check; --json: nfvd.drift's answer as it is.
int drift(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("drift");
  int code = 0;
  if (!cli::parse_args(ctx, "drift", args, options, {}, code)) return code;
  return call_nfvd<api::Empty, api::NfvdDrift>(ctx, api::kNfvdDrift, {},
                                               [](std::ostream& out, const api::NfvdDrift& result) {
                                                 render_drift(out, result, std::time(nullptr));
                                               });
}

// `ports` and `bridges`: what nfvd manages, desired against observed, nfvd's or foreign.
int objects(Context& ctx, const std::vector<std::string>& args, const char* command,
            const api::Method<api::Empty, api::NfvdObjectList>& method) {
  po::options_description options(command);
  int code = 0;
  if (!cli::parse_args(ctx, command, args, options, {}, code)) return code;
  std::string header = command == std::string("ports") ? "PORT" : "BRIDGE";
  return call_nfvd<api::Empty, api::NfvdObjectList>(
      ctx, method, {}, [&](std::ostream& out, const api::NfvdObjectList& list) {
        render_objects(out, header, list);
      });
}

int ports(Context& ctx, const std::vector<std::string>& args) {
  return objects(ctx, args, "ports", api::kNfvdPorts);
}

int bridges(Context& ctx, const std::vector<std::string>& args) {
  return objects(ctx, args, "bridges", api::kNfvdBridges);
}

int guests(Context& ctx, const std::vector<std::string>& args) {
  po::options_description options("guests");
  int code = 0;
  if (!cli::parse_args(ctx, "guests", args, options, {}, code)) return code;
  return call_nfvd<api::Empty, api::NfvdGuestList>(ctx, api::kNfvdGuests, {}, render_guests);
}

}  // namespace

void register_nfvd_commands(cli::Registry& registry) {
  registry.add({"status", "nfvd: the config last applied, owned objects, the switch", status});
  registry.add({"check",
                "nfvd: validate FILE and check this host can carry it (--local: without nfvd)",
                run_check});
  registry.add({"diff", "nfvd: what applying FILE would change, touching nothing", diff});
  registry.add({"apply", "nfvd: make FILE the desired state and apply it, all or nothing", apply});
  register_generation_commands(registry);
  registry.add({"ports", "nfvd: ports, desired vs observed, nfvd's or foreign", ports});
  registry.add({"bridges", "nfvd: bridges, desired vs observed, nfvd's or foreign", bridges});
  registry.add(
      {"drift", "nfvd: what changed on the host behind nfvd's back, object by object", drift});
  registry.add({"guests", "nfvd: guests (VMs), run state, switch ports, in sync or not", guests});
  // `nfvctl vfs` asks nfvd.vfs first and reads the host itself when nfvd does not answer
  // (sriov/inventory_commands.cc).
}

}  // namespace nfv::nfvctl
