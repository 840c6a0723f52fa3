// `nfvctl top`: chooses the mode (live view, one sample, history, lines) and the source.
#include "telemetry/top_command.h"

#include <unistd.h>

#include <iostream>

#include "nfv/cli/output.h"
#include "telemetry/top_source.h"

namespace nfv::nfvctl {
namespace {

namespace po = boost::program_options;

constexpr const char* kTopHelp =
    "The rates and losses of the switch's ports and the guests, refreshed every interval.\n"
    "\n"
    "On a terminal: a live full-screen view. A header (UTC time, switch up, interval), the\n"
    "PMDs' busy % and cycles per packet, a table of ports (guest, bridge, rx/tx pps and bps,\n"
    "loss %, the top drop reasons per second, the verdict: whose loss it is) and one of\n"
    "guests (up, rx/tx pps, loss %, vCPU wait %, verdict), then the sentence of each verdict.\n"
    "Keys: q quit, l/r/t/n sort by loss/rx/tx/name, / type a filter (Enter applies, Esc\n"
    "clears), p pause, h show the keys.\n"
    "\n"
    "Source: nfvd (--nfvd-socket, nfvd.telemetry: guests and loss attribution) when it\n"
    "answers; else the switch itself (-s/--socket), sampled here over --interval, without\n"
    "guests or attribution, which the header says.\n"
    "\n"
    "For scripts: --once prints one sample (--json: the sample as data), --seconds N the last\n"
    "N seconds nfvd keeps. With --count N, with --json alone, or when stdout is not a\n"
    "terminal: one line per interval from the switch's counters, exact per interval (rx/tx\n"
    "pps, frames lost and loss % per port; --json: one JSON object per line).\n"
    "\n"
    "Options";

struct TopArgs {
  double interval = 1.0;
  uint32_t count = 0;
  bool once = false;
  uint32_t seconds = 0;
  std::string sort = "loss";
  TopViewOptions view;
};

std::optional<TopArgs> parse(cli::Context& ctx, const std::vector<std::string>& args, int& code) {
  TopArgs top;
  po::options_description options(kTopHelp);
  options.add_options()("interval", po::value(&top.interval)->default_value(1.0),
                        "seconds between refreshes or lines")(
      "count", po::value(&top.count)->default_value(0),
      "print this many lines, then exit (line mode)")("once", po::bool_switch(&top.once),
                                                      "print the newest sample and exit")(
      "seconds", po::value(&top.seconds)->default_value(0),
      "print the samples of the last N seconds (nfvd's history) and exit")(
      "sort", po::value(&top.sort)->default_value("loss"), "loss | rx | tx | name")(
      "filter", po::value(&top.view.filter), "only ports, guests, bridges whose name has it");
  if (!cli::parse_args(ctx, "top", args, options, {}, code)) return std::nullopt;
  if (top.interval < 0.1 || top.interval > 3600) {
    code = cli::fail(ctx, "--interval must be within [0.1, 3600] seconds", cli::kExitUsage);
    return std::nullopt;
  }
  auto sort = parse_top_sort(top.sort);
  if (!sort) {
    code = cli::fail(ctx, "--sort " + top.sort + ": one of loss, rx, tx, name", cli::kExitUsage);
    return std::nullopt;
  }
  top.view.sort = *sort;
  return top;
}

// The live view only for a person: stdout and stdin are this process's terminal.
bool on_terminal(const cli::Context& ctx) {
  return ctx.out == &std::cout && ::isatty(STDOUT_FILENO) && ::isatty(STDIN_FILENO);
}

void print_lines(cli::Context& ctx, const std::vector<std::string>& lines) {
  for (const auto& line : lines) *ctx.out << line << "\n";
}

int print_once(cli::Context& ctx, TelemetrySource& source, TopViewOptions view) {
  auto sample = source.newest();
  if (!sample) return cli::fail(ctx, sample.error().message);
  view.source_note = source.note();
  cli::emit(ctx, api::to_wire(*sample),
            [&](std::ostream&) { print_lines(ctx, render_top(*sample, view, 0, 0)); });
  return cli::kExitOk;
}

int print_history(cli::Context& ctx, TelemetrySource& source, TopViewOptions view,
                  uint32_t seconds) {
  auto history = source.history(seconds);
  if (!history) return cli::fail(ctx, history.error().message);
  view.source_note = source.note();
  cli::emit(ctx, api::to_wire(*history),
            [&](std::ostream&) { print_lines(ctx, render_top_history(*history, view)); });
  return cli::kExitOk;
}

}  // namespace

int top_command(cli::Context& ctx, const std::vector<std::string>& args) {
  int code = 0;
  auto top = parse(ctx, args, code);
  if (!top) return code;
  bool lines =
      top->count > 0 || (!top->once && top->seconds == 0 && (ctx.json || !on_terminal(ctx)));
  if (lines) return run_top_lines(ctx, top->interval, top->count);
  std::string why_not_nfvd;
  auto source = open_telemetry_source(ctx, top->interval, why_not_nfvd);
  if (!source) return cli::fail(ctx, source.error().message);
  // The text views say it in their header; data on stdout cannot.
  if (ctx.json && !(*source)->note().empty()) {
    *ctx.err << "nfvctl top: " << why_not_nfvd << " at " << ctx.nfvd_socket
             << ": reading the switch at " << ctx.switch_socket << "\n";
  }
  if (top->seconds > 0) return print_history(ctx, **source, top->view, top->seconds);
  if (top->once) return print_once(ctx, **source, top->view);
  return run_top_live(ctx, **source, top->view, top->interval);
}

}  // namespace nfv::nfvctl
