// `nfvctl top`'s live view: a new sample every interval, drawn full-screen, keys applied as
// they arrive. The terminal (terminal.h) restores itself however this ends.
#include <fmt/format.h>

#include <chrono>
#include <optional>

#include "nfv/cli/output.h"
#include "nfv/nfvctl/top_keys.h"
#include "telemetry/terminal.h"
#include "telemetry/top_command.h"
#include "telemetry/top_source.h"

namespace nfv::nfvctl {
namespace {

using Clock = std::chrono::steady_clock;

// What the screen shows: the sample, or why there is none (yet).
struct Shown {
  std::optional<api::TelemetrySample> sample;
  std::string problem = "reading the first sample ...";
};

std::vector<std::string> frame(const Shown& shown, const TopKeyState& state,
                               const std::string& note, int width, int height) {
  TopViewOptions options = state.view;
  options.source_note = note;
  options.footer = footer_line(state);
  if (shown.sample && shown.problem.empty()) {
    return render_top(*shown.sample, options, width, height);
  }
  std::vector<std::string> lines{fit_width(shown.problem, width)};
  if (shown.sample) {  // the last good sample stays under the problem
    auto rest = render_top(*shown.sample, options, width, height - 1);
    lines.insert(lines.end(), rest.begin(), rest.end());
  } else {
    lines.push_back(fit_width(options.footer, width));
  }
  return lines;
}

void refresh(TelemetrySource& source, Shown& shown, double interval_s) {
  auto sample = source.newest();
  if (sample) {
    shown.sample = std::move(sample).value();
    shown.problem.clear();
  } else {
    shown.problem = fmt::format("cannot read telemetry: {} (retrying every {:.1f} s)",
                                sample.error().message, interval_s);
  }
}

}  // namespace

int run_top_live(cli::Context& ctx, TelemetrySource& source, const TopViewOptions& options,
                 double interval_s) {
  auto terminal = Terminal::open();
  if (!terminal) return cli::fail(ctx, terminal.error().message);
  auto interval =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval_s));
  TopKeyState state;
  state.view = options;
  Shown shown;
  Clock::time_point next_sample = Clock::now();
  while (!state.quit && !(*terminal)->interrupted()) {
    Terminal& screen = **terminal;
    if (!state.paused && Clock::now() >= next_sample) {
      // The switch's first sample takes an interval: show that it is coming.
      if (!shown.sample) screen.draw(frame(shown, state, source.note(), screen.columns(), 2));
      refresh(source, shown, interval_s);
      next_sample = Clock::now() + interval;
    }
    screen.draw(frame(shown, state, source.note(), screen.columns(), screen.rows()));
    // Paused: wake up only for keys and signals (a resize redraws).
    auto deadline = state.paused ? Clock::now() + interval : next_sample;
    for (char key : screen.read_keys(deadline)) apply_key(state, key);
  }
  int signal = (*terminal)->interrupted();
  return signal ? 128 + signal : cli::kExitOk;
}

}  // namespace nfv::nfvctl
