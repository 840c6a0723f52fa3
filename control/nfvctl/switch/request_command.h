// Most switch commands send one request: their flags are the request's fields (some also taken
// by position), then the call, then the result printed. Each is one call of run_request.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "nfv/nfvctl/wire_options.h"
#include "switch/client.h"

namespace nfv::nfvctl {

struct RequestSyntax {
  std::vector<std::string> positional = {};  // flags also given by position, in this order
  WireFlagRules rules = {};
};

// "port.del" -> "port del": a request's command is its method's name in words.
std::string command_for(std::string_view method);
// " BRIDGE MAC" for positional {"bridge", "mac"}: the tail of the usage line.
std::string usage_tail(const std::vector<std::string>& positional);

// Parses `args` into `params` (preset fields are the flags' defaults). False: the command ends
// with `code` (help shown, or a usage error reported).
template <typename P, typename R>
bool parse_request(cli::Context& ctx, const std::vector<std::string>& args,
                   const api::Method<P, R>& method, P& params, const RequestSyntax& syntax,
                   int& code) {
  namespace po = boost::program_options;
  std::string command = command_for(method.name);
  po::options_description options(command);
  add_wire_options(options, params, syntax.rules);
  po::positional_options_description positional;
  for (const auto& flag : syntax.positional) positional.add(flag.c_str(), 1);
  return cli::parse_args(ctx, command, args, options, positional, code,
                         usage_tail(syntax.positional))
      .has_value();
}

// Parses `args` into `params` (preset fields are the flags' defaults) and sends them.
template <typename P, typename R>
int run_request(cli::Context& ctx, const std::vector<std::string>& args,
                const api::Method<P, R>& method, P& params, const RequestSyntax& syntax,
                const std::type_identity_t<std::function<void(std::ostream&, const R&)>>& render) {
  int code = 0;
  if (!parse_request(ctx, args, method, params, syntax, code)) return code;
  return call_and_print<P, R>(ctx, method, params, render);
}

// For requests without parameters.
template <typename R>
int run_request(cli::Context& ctx, const std::vector<std::string>& args,
                const api::Method<api::Empty, R>& method,
                const std::type_identity_t<std::function<void(std::ostream&, const R&)>>& render) {
  api::Empty params;
  return run_request(ctx, args, method, params, {}, render);
}

}  // namespace nfv::nfvctl
