#include "switch/top_command.h"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <thread>

#include "nfv/api/rates.h"
#include "switch/client.h"

namespace nfv::nfvctl {

namespace po = boost::program_options;

int top_command(cli::Context& ctx, const std::vector<std::string>& args) {
  double interval = 1.0;
  uint32_t count = 0;
  po::options_description options("top");
  options.add_options()("interval", po::value(&interval)->default_value(1.0), "seconds")(
      "count", po::value(&count)->default_value(0), "lines to print (0: until interrupted)");
  int code = 0;
  if (!cli::parse_args(ctx, "top", args, options, {}, code)) return code;
  if (interval < 0.1 || interval > 3600) {
    return cli::fail(ctx, "--interval must be within [0.1, 3600] seconds", cli::kExitUsage);
  }
  auto client = connect_switch(ctx);
  if (!client) return cli::fail(ctx, client.error().message);
  auto previous = client->call(api::kStatsGet, api::StatsParams{});
  if (!previous) return cli::fail(ctx, "stats.get: " + previous.error().message);
  for (uint32_t line = 0; count == 0 || line < count; ++line) {
    std::this_thread::sleep_for(std::chrono::duration<double>(interval));
    auto current = client->call(api::kStatsGet, api::StatsParams{});
    if (!current) return cli::fail(ctx, "stats.get: " + current.error().message);
    auto rates = api::compute_rates(*previous, *current);
    if (ctx.json) {
      *ctx.out << api::to_wire(rates).dump() << std::endl;
    } else {
      std::string text = fmt::format("{:7.1f}s", rates.elapsed_s * (line + 1));
      for (const auto& port : rates.ports) {
        text += fmt::format("  {}: rx {} tx {} lost {}", port.name, api::format_pps(port.rx_pps),
                            api::format_pps(port.tx_pps), port.dropped);
      }
      *ctx.out << text << std::endl;
    }
    previous = std::move(current);
  }
  return cli::kExitOk;
}

}  // namespace nfv::nfvctl
