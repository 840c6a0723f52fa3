// `nfvctl top`: the live view of rates and losses per port and guest (telemetry/top_view.h),
// one sample or the last seconds of nfvd's history as data, or one line per interval for
// scripts.
#pragma once

#include <string>
#include <vector>

#include "nfv/cli/command.h"
#include "nfv/nfvctl/top_view.h"

namespace nfv::nfvctl {

int top_command(cli::Context& ctx, const std::vector<std::string>& args);

// The modes top_command chooses between (top_lines.cc, top_live.cc).
// One line per `interval_s` from the switch's counters: rates and losses per port; `count`
// lines, or until interrupted when 0.
int run_top_lines(cli::Context& ctx, double interval_s, uint32_t count);

class TelemetrySource;
// The full-terminal view until q, SIGINT or SIGTERM.
int run_top_live(cli::Context& ctx, TelemetrySource& source, const TopViewOptions& options,
                 double interval_s);

}  // namespace nfv::nfvctl
