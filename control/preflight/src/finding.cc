#include "nfv/preflight/finding.h"

#include <fmt/format.h>

#include <algorithm>

namespace nfv::preflight {

std::string_view to_string(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

bool has_errors(const std::vector<Finding>& findings) {
  return count(findings, Severity::kError) > 0;
}

size_t count(const std::vector<Finding>& findings, Severity severity) {
  return static_cast<size_t>(std::count_if(
      findings.begin(), findings.end(), [&](const Finding& f) { return f.severity == severity; }));
}

std::string describe(const Finding& finding) {
  std::string text = fmt::format("{}: {}", finding.subject, finding.message);
  if (!finding.cost.empty()) text += "; cost: " + finding.cost;
  if (!finding.fix.empty()) text += "; fix: " + finding.fix;
  return text;
}

std::string describe_errors(const std::vector<Finding>& findings, std::string_view what) {
  std::string text = fmt::format("the host cannot carry {}: {} error(s) in the pre-flight check",
                                 what, count(findings, Severity::kError));
  for (const Finding& finding : findings) {
    if (finding.severity == Severity::kError) text += "\n- " + describe(finding);
  }
  return text;
}

}  // namespace nfv::preflight
