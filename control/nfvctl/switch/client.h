// Shared by nfvctl's switch commands: connect, call, print the result or the error.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "nfv/api/switch_client.h"
#include "nfv/cli/output.h"
#include "nfv/nfvctl/ownership_guard.h"

namespace nfv::nfvctl {

inline Result<api::SwitchClient> connect_switch(cli::Context& ctx) {
  return api::SwitchClient::connect(ctx.switch_socket, "nfvctl");
}

// Calls `method` and prints its result: JSON with --json, else through `render`. A change to
// an object nfvd owns is refused before the switch is asked (ownership_guard.h).
template <typename P, typename R>
int call_and_print(cli::Context& ctx, const api::Method<P, R>& method, const P& params,
                   const std::function<void(std::ostream&, const R&)>& render) {
  if (auto refusal = refused_by_nfvd(ctx, method.name, api::to_wire(params))) {
    return cli::fail(ctx, *refusal);
  }
  auto client = connect_switch(ctx);
  if (!client) return cli::fail(ctx, client.error().message);
  auto result = client->call(method, params);
  if (!result) return cli::fail(ctx, std::string(method.name) + ": " + result.error().message);
  cli::emit(ctx, api::to_wire(*result), [&](std::ostream& out) { render(out, *result); });
  return cli::kExitOk;
}

}  // namespace nfv::nfvctl
