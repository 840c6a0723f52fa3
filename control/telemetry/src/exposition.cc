#include "nfv/telemetry/exposition.h"

#include <fmt/format.h>

#include <cmath>

namespace nfv::telemetry {
namespace {

const char* type_name(MetricType type) {
  return type == MetricType::kCounter ? "counter" : "gauge";
}

std::string escape(std::string_view text, bool quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string escape_label_value(std::string_view value) { return escape(value, true); }

std::string escape_help(std::string_view help) { return escape(help, false); }

std::string format_sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

void Exposition::add(size_t family, const Labels& labels, uint64_t value) {
  add_line(family, labels, fmt::format("{}", value));
}

void Exposition::add(size_t family, const Labels& labels, double value) {
  add_line(family, labels, format_sample_value(value));
}

void Exposition::add_line(size_t family, const Labels& labels, const std::string& value) {
  std::string& out = series_.at(family);
  out += families_[family].name;
  if (!labels.empty()) {
    out += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) out += ',';
      out += fmt::format("{}=\"{}\"", labels[i].first, escape_label_value(labels[i].second));
    }
    out += '}';
  }
  out += ' ';
  out += value;
  out += '\n';
}

std::string Exposition::text() const {
  std::string out;
  for (size_t i = 0; i < families_.size(); ++i) {
    if (series_[i].empty()) continue;
    const MetricFamilySpec& family = families_[i];
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family.name, escape_help(family.help),
                       family.name, type_name(family.type));
    out += series_[i];
  }
  return out;
}

}  // namespace nfv::telemetry
