// `nfvctl top` in line mode (--count, or stdout not a terminal): what scripts read. The switch's
// counters every interval, exact per interval, whether or not nfvd runs.
#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "nfv/api/rates.h"
#include "switch/client.h"
#include "telemetry/top_command.h"

namespace nfv::nfvctl {

int run_top_lines(cli::Context& ctx, double interval_s, uint32_t count) {
  auto client = connect_switch(ctx);
  if (!client) return cli::fail(ctx, client.error().message);
  auto previous = client->call(api::kStatsGet, api::StatsParams{});
  if (!previous) return cli::fail(ctx, "stats.get: " + previous.error().message);
  for (uint32_t line = 0; count == 0 || line < count; ++line) {
    // The interval the rates are measured over.
    std::this_thread::sleep_for(std::chrono::duration<double>(interval_s));
    auto current = client->call(api::kStatsGet, api::StatsParams{});
    if (!current) return cli::fail(ctx, "stats.get: " + current.error().message);
    auto rates = api::compute_rates(*previous, *current);
    if (ctx.json) {
      *ctx.out << api::to_wire(rates).dump() << std::endl;
    } else {
      std::string text = fmt::format("{:7.1f}s", rates.elapsed_s * (line + 1));
      for (const auto& port : rates.ports) {
        text += fmt::format("  {}: rx {} tx {} lost {} ({})", port.name,
                            api::format_pps(port.rx_pps), api::format_pps(port.tx_pps),
                            port.dropped, api::format_percent(port.loss_ratio));
      }
      *ctx.out << text << std::endl;
    }
    previous = std::move(current);
  }
  return cli::kExitOk;
}

}  // namespace nfv::nfvctl
