// nfvctl flags derived from a wire type's field table (nfv/api/fields.h): where a flag maps one
// to one onto a field of a request, its name and help come from the field, written once.
//
//   api::MacAddParams params;
//   add_wire_options(options, params);   // --bridge --mac --port --vlan, with the fields' help
//   cli::parse_args(...);                 // its po::notify fills `params`
//
// Scalar fields become flags: strings and integers take a value (required when the wire
// requires the field and `target` holds no preset value; a preset value is the flag's default),
// a bool that is false becomes a switch, a bool that is true takes true|false, and a
// std::optional of those is set only when the flag is given. Nested objects, lists and maps are
// left to hand-written flags.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "nfv/api/fields.h"

namespace nfv::nfvctl {

// Where a command's flags depart from its request's fields.
struct WireFlagRules {
  // Fields offered by hand (an inverted bool, an octal mode) or not at all.
  std::vector<std::string_view> by_hand = {};
  // {field, flag}: a field whose flag has another name, e.g. {"ageing_s", "ageing"}.
  std::vector<std::pair<std::string_view, std::string_view>> renamed = {};
};

// "mac_table_size" -> "mac-table-size".
std::string flag_name(std::string_view field);

namespace wire_options_detail {

namespace po = boost::program_options;

// Integers and floating point, not char-sized ones (program_options reads those as characters).
template <typename T>
inline constexpr bool kNumber =
    std::is_arithmetic_v<T> && !std::is_same_v<T, bool> && sizeof(T) > 1;
template <typename T>
inline constexpr bool kScalar =
    kNumber<T> || std::is_same_v<T, bool> || std::is_same_v<T, std::string>;
template <typename T>
inline constexpr bool kFlag = kScalar<T>;
template <typename T>
inline constexpr bool kFlag<std::optional<T>> = kScalar<T>;

template <typename M>
const po::value_semantic* flag_value(M& member, bool wire_required) {
  if constexpr (api::is_optional<M>::value) {
    using Value = typename M::value_type;
    return po::value<Value>()->notifier([&member](const Value& value) { member = value; });
  } else if constexpr (std::is_same_v<M, bool>) {
    if (!member) return po::bool_switch(&member);
    return po::value(&member)->default_value(true, "true");
  } else {
    auto* value = po::value(&member);
    if (wire_required && member == M{}) return value->required();
    if (kNumber<M> || member != M{}) value->default_value(member);
    return value;
  }
}

// The flag for `field` under `rules`: "" when it is offered by hand.
std::string flag_for(std::string_view field, const WireFlagRules& rules);

// Fails (std::logic_error) when `rules` name a field `fields` does not have: a typo in a
// command would otherwise silently bring the flag back under the wire name.
void check_rules(const std::vector<std::string_view>& fields, const WireFlagRules& rules);

}  // namespace wire_options_detail

// Adds a flag per scalar field of `target`'s wire type, bound to `target`, in field order.
template <api::Described T>
void add_wire_options(boost::program_options::options_description& options, T& target,
                      const WireFlagRules& rules = {}) {
  namespace detail = wire_options_detail;
  std::vector<std::string_view> fields;
  std::apply(
      [&](const auto&... field) {
        auto one = [&](const auto& f) {
          fields.push_back(f.name);
          auto& member = target.*(f.member);
          using Member = std::remove_cvref_t<decltype(member)>;
          if constexpr (detail::kFlag<Member>) {
            std::string flag = detail::flag_for(f.name, rules);
            if (flag.empty()) return;
            options.add_options()(flag.c_str(), detail::flag_value(member, f.required),
                                  std::string(f.help).c_str());
          }
        };
        (one(field), ...);
        (void)one;  // types without fields
      },
      T::fields());
  detail::check_rules(fields, rules);
}

}  // namespace nfv::nfvctl
