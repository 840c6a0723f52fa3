// The metric names a PromQL expression reads, for checking that dashboards and alert rules
// name only metrics nfvd serves. Enough PromQL for that: strings, label matchers, ranges,
// grouping clauses, functions and keywords are not metric names; every other identifier is.
#pragma once

#include <set>
#include <string>

namespace nfv::telemetry::testing {

std::set<std::string> promql_metric_names(const std::string& expr);

}  // namespace nfv::telemetry::testing
