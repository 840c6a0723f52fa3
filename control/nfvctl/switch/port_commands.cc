// nfvctl port list|add|del|set and vlan set.
#include <cstdlib>

#include "nfv/nfvctl/wire_options.h"
#include "switch/command_groups.h"
#include "switch/port_security_flags.h"
#include "switch/port_view.h"
#include "switch/request_command.h"

namespace nfv::nfvctl {
namespace {

namespace po = boost::program_options;
using cli::Context;

// port add's flags for the objects nested in its request, where the CLI departs from the
// wire: VLAN fields beside the port's own --mode, an octal socket mode, inverted features.
struct PortAddNested {
  api::VlanConfig vlan;  // sent only with --vlan-mode
  api::SocketConfig socket;
  std::string socket_mode;
  api::VhostConfig features;
  bool no_mergeable_rx = false;
  bool no_indirect = false;
  bool no_packed = false;
  api::RateConfig rates;  // sent when any limit is given
};

void add_nested_options(po::options_description& options, PortAddNested& nested) {
  nested.vlan.mode.clear();
  add_wire_options(options, nested.vlan, {.renamed = {{"mode", "vlan-mode"}}});
  add_wire_options(options, nested.socket, {.by_hand = {"mode"}});
  options.add_options()("socket-mode", po::value(&nested.socket_mode),
                        "vhost server: socket mode, octal (0660)");
  add_wire_options(options, nested.features,
                   {.by_hand = {"mergeable_rx", "indirect_desc", "packed_ring"}});
  options.add_options()("no-mergeable-rx", po::bool_switch(&nested.no_mergeable_rx),
                        "vhost: do not offer mergeable rx buffers")(
      "no-indirect", po::bool_switch(&nested.no_indirect),
      "vhost: do not offer indirect descriptors")("no-packed", po::bool_switch(&nested.no_packed),
                                                  "vhost: do not offer packed rings");
  add_wire_options(options, nested.rates);
}

// Sets the nested objects the flags gave; they stay absent (the switch's defaults) otherwise.
Status apply_nested(PortAddNested nested, api::PortAddParams& p) {
  nested.features.mergeable_rx = !nested.no_mergeable_rx;
  nested.features.indirect_desc = !nested.no_indirect;
  nested.features.packed_ring = !nested.no_packed;
  if (api::to_wire(nested.features) != api::to_wire(api::VhostConfig{})) p.vhost = nested.features;
  if (!nested.vlan.mode.empty()) p.vlan = nested.vlan;
  if (nested.rates != api::RateConfig{}) p.rates = nested.rates;
  if (!nested.socket_mode.empty()) {
    char* end = nullptr;
    unsigned long mode = std::strtoul(nested.socket_mode.c_str(), &end, 8);
    if (*end != '\0' || mode > 07777) {
      return make_error("--socket-mode '{}' is not an octal mode like 0660", nested.socket_mode);
    }
    nested.socket.mode = static_cast<uint32_t>(mode);
  }
  if (!nested.socket.owner.empty() || !nested.socket.group.empty() || !nested.socket_mode.empty()) {
    p.socket = nested.socket;
  }
  return {};
}

int port_list(Context& ctx, const std::vector<std::string>& args) {
  return run_request(ctx, args, api::kPortList, render_ports);
}

int port_add(Context& ctx, const std::vector<std::string>& args) {
  api::PortAddParams p;
  p.type = "vhost";
  p.queues = 1;
  PortAddNested nested;
  PortSecurityFlags security;
  po::options_description options("port add");
  add_wire_options(options, p);
  add_nested_options(options, nested);
  add_port_security_options(options, security, false);
  po::positional_options_description positional;
  positional.add("name", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "port add", args, options, positional, code, " NAME")) return code;
  if (Status status = apply_nested(nested, p); !status) {
    return cli::fail(ctx, status.error().message, cli::kExitUsage);
  }
  auto request = port_security_request(security);
  if (!request) return cli::fail(ctx, request.error().message, cli::kExitUsage);
  p.security = *request;
  return call_and_print<api::PortAddParams, api::PortInfo>(ctx, api::kPortAdd, p, render_port);
}

int port_del(Context& ctx, const std::vector<std::string>& args) {
  api::NameParams p;
  return run_request(
      ctx, args, api::kPortDel, p, {.positional = {"name"}},
      [&](std::ostream& out, const api::Empty&) { out << "port " << p.name << " removed\n"; });
}

int port_set(Context& ctx, const std::vector<std::string>& args) {
  api::PortSetParams p;
  api::RateUpdate rates;
  po::options_description options("port set");
  add_wire_options(options, p);
  add_wire_options(options, rates);  // each limit given changes, the others stay
  PortSecurityFlags security;
  add_port_security_options(options, security, true);
  po::positional_options_description positional;
  positional.add("name", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "port set", args, options, positional, code, " NAME")) return code;
  if (api::to_wire(rates) != api::to_wire(api::RateUpdate{})) p.rates = rates;
  auto request = port_security_request(security);
  if (!request) return cli::fail(ctx, request.error().message, cli::kExitUsage);
  p.security = *request;
  return call_and_print<api::PortSetParams, api::PortInfo>(ctx, api::kPortSet, p, render_port);
}

int vlan_set(Context& ctx, const std::vector<std::string>& args) {
  api::VlanSetParams p;
  po::options_description options("vlan set");
  add_wire_options(options, p);
  add_wire_options(options, p.vlan);  // the VLAN's fields are the command's own flags
  po::positional_options_description positional;
  positional.add("port", 1);
  int code = 0;
  if (!cli::parse_args(ctx, "vlan set", args, options, positional, code, " PORT")) return code;
  return call_and_print<api::VlanSetParams, api::PortInfo>(ctx, api::kVlanSet, p, render_port);
}

}  // namespace

void register_port_commands(cli::Registry& registry) {
  registry.add({"port list", "list the switch's ports", port_list});
  registry.add({"port add", "add a vhost-user or DPDK port", port_add});
  registry.add({"port del", "remove a port", port_del});
  registry.add({"port set", "change a port's admin state, bridge, cross-connect or port security",
                port_set});
  registry.add({"vlan set", "set a port's VLAN mode (access or trunk)", vlan_set});
}

}  // namespace nfv::nfvctl
