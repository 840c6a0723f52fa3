// `nfvctl top`'s screen from one telemetry sample: a header, the PMDs' load, a table of ports
// and one of guests sorted and filtered as the operator chose, and the sentence of every loss
// verdict shown. Pure: the terminal adapter (terminal.h) only draws these lines.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/api/telemetry_api.h"

namespace nfv::nfvctl {

enum class TopSort { kLoss, kRx, kTx, kName };

// "loss", "rx", "tx", "name"
std::string_view top_sort_name(TopSort sort);
std::optional<TopSort> parse_top_sort(std::string_view name);

struct TopViewOptions {
  TopSort sort = TopSort::kLoss;  // highest first, except name
  std::string filter;             // substring of a port's, guest's or bridge's name; "" all
  std::string source_note;        // where the sample came from, when not nfvd
  std::string footer;             // the last line (keys, filter being typed); "" none
};

// The lines of the view, none wider than `width` columns; at most `height` lines (the footer
// stays last, "... N more lines" replaces what does not fit). width or height <= 0: unlimited.
std::vector<std::string> render_top(const api::TelemetrySample& sample,
                                    const TopViewOptions& options, int width, int height);

// The last seconds of nfvd's history: a row per sample and port, then per sample and guest,
// oldest first, filtered as render_top filters (the sort does not apply: time orders).
std::vector<std::string> render_top_history(const api::TelemetryHistory& history,
                                            const TopViewOptions& options);

// The ports and guests to show, in the order shown.
std::vector<const api::TelemetryPort*> visible_ports(const api::TelemetrySample& sample,
                                                     const TopViewOptions& options);
std::vector<const api::TelemetryGuest*> visible_guests(const api::TelemetrySample& sample,
                                                       const TopViewOptions& options);

// `line` cut to at most `width` columns, never inside a UTF-8 character.
std::string fit_width(std::string_view line, int width);

}  // namespace nfv::nfvctl
