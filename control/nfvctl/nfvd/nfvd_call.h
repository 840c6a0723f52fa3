// One request to nfvd and its answer printed (text, or JSON with --json).
#pragma once

#include <chrono>
#include <functional>
#include <ostream>
#include <string>

#include "nfv/api/method.h"
#include "nfv/api/switch_client.h"
#include "nfv/cli/command.h"
#include "nfv/cli/output.h"

namespace nfv::nfvctl {

// An apply that starts or stops guests takes as long as they do (an ACPI shutdown may run into
// nfvd's --guest-shutdown-timeout per guest): wait for nfvd, not for a fixed budget.
inline constexpr auto kNfvdCallTimeout = std::chrono::minutes(15);

template <typename P, typename R>
int call_nfvd(cli::Context& ctx, const api::Method<P, R>& method, const P& params,
              const std::function<void(std::ostream&, const R&)>& render) {
  auto client = api::SwitchClient::connect(ctx.nfvd_socket, "nfvctl", kNfvdCallTimeout);
  if (!client) {
    return cli::fail(ctx, "cannot reach nfvd at " + ctx.nfvd_socket + " (" +
                              client.error().message + "); is nfvd running? (--nfvd-socket)");
  }
  auto result = client->call(method, params);
  if (!result) return cli::fail(ctx, std::string(method.name) + ": " + result.error().message);
  cli::emit(ctx, api::to_wire(*result), [&](std::ostream& out) { render(out, *result); });
  return cli::kExitOk;
}

}  // namespace nfv::nfvctl
