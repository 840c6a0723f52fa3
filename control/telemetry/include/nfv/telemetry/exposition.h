// The Prometheus text exposition format (0.0.4), independent of what is exported: a table of
// metric families (name, type, help), series added to them in any order, and the text with
// every family once, in table order, its # HELP and # TYPE first and all its series together.
// Families without series are left out. Pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nfv::telemetry {

enum class MetricType { kCounter, kGauge };

struct MetricFamilySpec {
  std::string_view name;
  MetricType type;
  std::string_view help;
};

// Label name and value; values are escaped when rendered.
using Labels = std::vector<std::pair<std::string_view, std::string>>;

class Exposition {
 public:
  explicit Exposition(std::span<const MetricFamilySpec> families)
      : families_(families), series_(families.size()) {}

  // `family`: an index into the table.
  void add(size_t family, const Labels& labels, uint64_t value);
  void add(size_t family, const Labels& labels, double value);

  std::string text() const;

 private:
  void add_line(size_t family, const Labels& labels, const std::string& value);

  std::span<const MetricFamilySpec> families_;
  std::vector<std::string> series_;  // per family, its rendered sample lines
};

// A label value with backslash, double quote and newline escaped (\\, \", \n).
std::string escape_label_value(std::string_view value);
// A # HELP text with backslash and newline escaped.
std::string escape_help(std::string_view help);
// A sample value: the shortest text that reads back as the same double; NaN, +Inf, -Inf.
std::string format_sample_value(double value);

}  // namespace nfv::telemetry
