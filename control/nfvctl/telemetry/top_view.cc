#include "nfv/nfvctl/top_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <utility>

#include "nfv/api/rates.h"
#include "nfv/cli/output.h"

namespace nfv::nfvctl {
namespace {

constexpr size_t kDropReasonsShown = 2;
constexpr std::string_view kColumnGap = "   ";

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

std::string verdict_cell(const std::string& verdict) {
  return verdict == api::kVerdictNone ? "-" : verdict;
}

// Highest first for the rates and the loss, the name breaking ties; names ascending.
template <typename Row>
bool sorts_before(const Row& a, const Row& b, TopSort sort) {
  auto key = [sort](const Row& row) {
    switch (sort) {
      case TopSort::kLoss:
        return row.loss_ratio;
      case TopSort::kRx:
        return row.rx_pps;
      case TopSort::kTx:
        return row.tx_pps;
      case TopSort::kName:
        return 0.0;
    }
    return 0.0;
  };
  if (key(a) != key(b)) return key(a) > key(b);
  return a.name < b.name;
}

template <typename Row>
std::vector<const Row*> sorted(std::vector<const Row*> rows, TopSort sort) {
  std::stable_sort(rows.begin(), rows.end(),
                   [sort](const Row* a, const Row* b) { return sorts_before(*a, *b, sort); });
  return rows;
}

// The reasons with the most drops per second in the interval, most first.
std::string top_drops(const api::TelemetryPort& port) {
  std::vector<std::pair<std::string, double>> reasons;
  for (const auto& [reason, pps] : port.drop_pps) {
    if (pps > 0) reasons.emplace_back(reason, pps);
  }
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string text;
  for (size_t i = 0; i < reasons.size() && i < kDropReasonsShown; ++i) {
    if (!text.empty()) text += ", ";
    text += reasons[i].first + " " + api::format_pps(reasons[i].second);
  }
  if (reasons.size() > kDropReasonsShown) {
    text += fmt::format(" (+{})", reasons.size() - kDropReasonsShown);
  }
  return or_dash(text);
}

void append_table(const cli::Table& table, std::vector<std::string>& lines) {
  std::ostringstream text;
  table.print(text);
  std::istringstream rows(text.str());
  for (std::string row; std::getline(rows, row);) lines.push_back(row);
}

std::string header_line(const api::TelemetrySample& sample, const TopViewOptions& options) {
  std::string line = or_dash(sample.utc);
  line += sample.switch_up ? "  switch up" : "  switch DOWN";
  if (!sample.error.empty()) line += " (" + sample.error + ")";
  line += sample.interval_s > 0 ? fmt::format("  interval {:.1f} s", sample.interval_s)
                                : std::string("  first sample (totals only)");
  if (!options.source_note.empty()) line += "  " + options.source_note;
  line += fmt::format("  sort {}", top_sort_name(options.sort));
  if (!options.filter.empty()) line += fmt::format("  filter \"{}\"", options.filter);
  return line;
}

// The PMDs side by side, as many per line as `width` allows.
void append_pmds(const api::TelemetrySample& sample, int width, std::vector<std::string>& lines) {
  std::string line;
  for (const auto& pmd : sample.pmds) {
    std::string cell = fmt::format("pmd {} (cpu {}): busy {:.1f}%, {:.0f} cycles/packet", pmd.id,
                                   pmd.cpu, pmd.busy_ratio * 100, pmd.cycles_per_packet);
    if (!line.empty() && width > 0 &&
        line.size() + kColumnGap.size() + cell.size() > static_cast<size_t>(width)) {
      lines.push_back(std::move(line));
      line.clear();
    }
    if (!line.empty()) line += kColumnGap;
    line += cell;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  if (sample.pmds.empty()) lines.push_back("no PMDs");
}

void append_ports(const std::vector<const api::TelemetryPort*>& ports,
                  std::vector<std::string>& lines) {
  cli::Table table({"PORT", "GUEST", "BRIDGE", "RX PPS", "RX BPS", "TX PPS", "TX BPS", "LOSS",
                    "DROPS/S", "VERDICT"});
  for (const auto* port : ports) {
    table.add({port->name, or_dash(port->guest), or_dash(port->bridge),
               api::format_pps(port->rx_pps), api::format_bps(port->rx_bps),
               api::format_pps(port->tx_pps), api::format_bps(port->tx_bps),
               api::format_percent(port->loss_ratio), top_drops(*port),
               verdict_cell(port->verdict)});
  }
  append_table(table, lines);
}

void append_guests(const std::vector<const api::TelemetryGuest*>& guests,
                   std::vector<std::string>& lines) {
  cli::Table table({"GUEST", "UP", "RX PPS", "TX PPS", "LOSS", "VCPU WAIT", "VERDICT"});
  for (const auto* guest : guests) {
    std::string wait =
        guest->vcpu_wait_ratio < 0 ? "-" : api::format_percent(guest->vcpu_wait_ratio);
    table.add({guest->name, guest->up ? "yes" : "no", api::format_pps(guest->rx_pps),
               api::format_pps(guest->tx_pps), api::format_percent(guest->loss_ratio), wait,
               verdict_cell(guest->verdict)});
  }
  append_table(table, lines);
}

std::string verdict_sentence(const std::string& what, const std::string& verdict,
                             const std::string& text) {
  return what + ": " + (text.empty() ? verdict : text);
}

std::vector<std::string> body_lines(const api::TelemetrySample& sample,
                                    const TopViewOptions& options, int width) {
  std::vector<std::string> lines{header_line(sample, options)};
  append_pmds(sample, width, lines);
  lines.emplace_back();
  auto ports = visible_ports(sample, options);
  auto guests = visible_guests(sample, options);
  if (ports.empty()) {
    lines.push_back(sample.ports.empty() ? "no ports"
                                         : "no port matches \"" + options.filter + "\"");
  } else {
    append_ports(ports, lines);
  }
  if (!guests.empty()) {
    lines.emplace_back();
    append_guests(guests, lines);
  }
  std::vector<std::string> sentences;
  for (const auto* port : ports) {
    if (port->verdict == api::kVerdictNone) continue;
    sentences.push_back(verdict_sentence("port " + port->name, port->verdict, port->verdict_text));
  }
  for (const auto* guest : guests) {
    if (guest->verdict == api::kVerdictNone) continue;
    sentences.push_back(
        verdict_sentence("guest " + guest->name, guest->verdict, guest->verdict_text));
  }
  if (!sentences.empty()) lines.emplace_back();
  lines.insert(lines.end(), sentences.begin(), sentences.end());
  return lines;
}

}  // namespace

std::string_view top_sort_name(TopSort sort) {
  switch (sort) {
    case TopSort::kLoss:
      return "loss";
    case TopSort::kRx:
      return "rx";
    case TopSort::kTx:
      return "tx";
    case TopSort::kName:
      return "name";
  }
  return "loss";
}

std::optional<TopSort> parse_top_sort(std::string_view name) {
  for (TopSort sort : {TopSort::kLoss, TopSort::kRx, TopSort::kTx, TopSort::kName}) {
    if (top_sort_name(sort) == name) return sort;
  }
  return std::nullopt;
}

std::vector<std::string> render_top_history(const api::TelemetryHistory& history,
                                            const TopViewOptions& options) {
  TopViewOptions by_name = options;
  by_name.sort = TopSort::kName;
  cli::Table ports({"TIME", "PORT", "RX PPS", "RX BPS", "TX PPS", "TX BPS", "LOSS", "VERDICT"});
  cli::Table guests({"TIME", "GUEST", "UP", "RX PPS", "TX PPS", "LOSS", "VERDICT"});
  bool any_guest = false;
  for (const auto& sample : history.samples) {
    for (const auto* port : visible_ports(sample, by_name)) {
      ports.add({sample.utc, port->name, api::format_pps(port->rx_pps),
                 api::format_bps(port->rx_bps), api::format_pps(port->tx_pps),
                 api::format_bps(port->tx_bps), api::format_percent(port->loss_ratio),
                 verdict_cell(port->verdict)});
    }
    for (const auto* guest : visible_guests(sample, by_name)) {
      any_guest = true;
      guests.add({sample.utc, guest->name, guest->up ? "yes" : "no", api::format_pps(guest->rx_pps),
                  api::format_pps(guest->tx_pps), api::format_percent(guest->loss_ratio),
                  verdict_cell(guest->verdict)});
    }
  }
  std::vector<std::string> lines{
      fmt::format("{} samples, one every {:.1f} s{}", history.samples.size(), history.interval_s,
                  options.source_note.empty() ? std::string() : "  " + options.source_note)};
  append_table(ports, lines);
  if (any_guest) {
    lines.emplace_back();
    append_table(guests, lines);
  }
  return lines;
}

std::vector<const api::TelemetryPort*> visible_ports(const api::TelemetrySample& sample,
                                                     const TopViewOptions& options) {
  std::vector<const api::TelemetryPort*> rows;
  for (const auto& port : sample.ports) {
    const std::string& f = options.filter;
    if (contains(port.name, f) || contains(port.guest, f) || contains(port.bridge, f)) {
      rows.push_back(&port);
    }
  }
  return sorted(std::move(rows), options.sort);
}

std::vector<const api::TelemetryGuest*> visible_guests(const api::TelemetrySample& sample,
                                                       const TopViewOptions& options) {
  std::vector<const api::TelemetryGuest*> rows;
  for (const auto& guest : sample.guests) {
    bool matches = contains(guest.name, options.filter);
    for (const auto& port : guest.ports) matches = matches || contains(port, options.filter);
    if (matches) rows.push_back(&guest);
  }
  return sorted(std::move(rows), options.sort);
}

std::string fit_width(std::string_view line, int width) {
  if (width <= 0) return std::string(line);
  int columns = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    bool starts_character = (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
    if (starts_character && ++columns > width) return std::string(line.substr(0, i));
  }
  return std::string(line);
}

std::vector<std::string> render_top(const api::TelemetrySample& sample,
                                    const TopViewOptions& options, int width, int height) {
  std::vector<std::string> lines = body_lines(sample, options, width);
  size_t footer = options.footer.empty() ? 0 : 1;
  if (height > 0 && lines.size() + footer > static_cast<size_t>(height)) {
    size_t room = static_cast<size_t>(height) > footer ? height - footer : 0;
    size_t kept = room > 0 ? room - 1 : 0;
    size_t hidden = lines.size() - kept;
    lines.resize(kept);
    if (room > 0) lines.push_back(fmt::format("... {} more lines", hidden));
  }
  if (footer) lines.push_back(options.footer);
  for (auto& line : lines) line = fit_width(line, width);
  return lines;
}

}  // namespace nfv::nfvctl
