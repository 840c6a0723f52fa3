// One answer of the host pre-flight: what the config needs that the host lacks (or has at a
// cost), the object it concerns, and the fix. An error blocks an apply; a warning says its cost.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nfv::preflight {

enum class Severity { kError, kWarning };

struct Finding {
  Severity severity = Severity::kError;
  std::string subject;  // "hugepages 2M on node 0", "PMD CPU 1", "IRQ 24", "IOMMU"
  std::string message;  // what is wrong, with the numbers
  std::string cost;     // warnings: what running like this costs
  std::string fix;      // the command or kernel argument that fixes it
};

std::string_view to_string(Severity severity);  // "error" | "warning"

bool has_errors(const std::vector<Finding>& findings);
size_t count(const std::vector<Finding>& findings, Severity severity);

// "subject: message; fix: fix" (and "; cost: cost" when there is one), for logs and errors.
std::string describe(const Finding& finding);

// The refusal of an apply: "the host cannot carry <what>: N error(s)\n- ...\n- ...".
std::string describe_errors(const std::vector<Finding>& findings, std::string_view what);

}  // namespace nfv::preflight
