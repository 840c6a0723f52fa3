// A control method: its name, a one-line help, and its parameter and result types (wire
// structs listing their fields(), see fields.h). The switch's API (switch_api.h) and
// nfv-traffic's command protocol both declare their methods with it; a table of methods is
// a std::tuple of them, from which dispatchers, help texts and schemas are derived.
#pragma once

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"

namespace nfv::api {

template <typename P, typename R>
struct Method {
  using Params = P;
  using Result = R;
  std::string_view name;
  std::string_view help;
};

// Parameters or result of a method that has none: {} on the wire.
struct Empty {
  static constexpr auto fields() { return std::tuple<>{}; }
};

// The names of a table of methods, in table order (for "unknown method" errors and help).
template <typename... M>
std::vector<std::string> method_names(const std::tuple<M...>& methods) {
  std::vector<std::string> names;
  std::apply([&](const auto&... method) { (names.emplace_back(method.name), ...); }, methods);
  return names;
}

}  // namespace nfv::api
