// Reflection-lite for wire types: each request/response struct lists its fields once
// (name, member, required or optional, help) in a static `fields()` function; parsing with
// precise errors, serialisation and the schema used by the golden-file test all derive
// from that one list, so the JSON shape can never drift from the C++ type.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::api {

using json = nlohmann::ordered_json;

template <typename Struct, typename Member>
struct Field {
  std::string_view name;
  Member Struct::*member;
  bool required;
  std::string_view help;
};

template <typename S, typename M>
constexpr Field<S, M> required(std::string_view name, M S::*member, std::string_view help = {}) {
  return {name, member, true, help};
}
template <typename S, typename M>
constexpr Field<S, M> optional(std::string_view name, M S::*member, std::string_view help = {}) {
  return {name, member, false, help};
}

template <typename T>
concept Described = requires { T::fields(); };

template <typename T>
struct is_vector : std::false_type {};
template <typename T>
struct is_vector<std::vector<T>> : std::true_type {};
template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};
template <typename T>
struct is_string_map : std::false_type {};
template <typename T>
struct is_string_map<std::map<std::string, T>> : std::true_type {};

inline std::string json_kind(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "value";
  }
}

// ---- decoding ------------------------------------------------------------------------

template <typename T>
Status decode(const json& j, T& out, const std::string& path);

template <Described T>
Status decode_object(const json& j, T& out, const std::string& path) {
  if (!j.is_object()) {
    return make_error("{}: expected an object, got {}", path, json_kind(j));
  }
  Status status;
  std::vector<std::string_view> known;
  std::apply(
      [&](const auto&... field) {
        auto one = [&](const auto& f) {
          known.push_back(f.name);
          if (!status) return;
          auto it = j.find(std::string(f.name));
          if (it == j.end() || it->is_null()) {
            if (f.required) status = make_error("{}.{}: required field is missing", path, f.name);
            return;
          }
          status = decode(*it, out.*(f.member), path + "." + std::string(f.name));
        };
        (one(field), ...);
        (void)one;  // structs without fields
      },
      T::fields());
  if (!status) return status;
  for (const auto& item : j.items()) {
    bool is_known = false;
    for (auto name : known) is_known |= (name == item.key());
    if (!is_known) {
      std::string names;
      for (auto name : known) names += (names.empty() ? "" : ", ") + std::string(name);
      return make_error("{}: unknown field '{}' (known fields: {})", path, item.key(),
                        names.empty() ? "none" : names);
    }
  }
  return status;
}

template <typename T>
Status decode(const json& j, T& out, const std::string& path) {
  if constexpr (std::is_same_v<T, json>) {
    out = j;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) return make_error("{}: expected boolean, got {}", path, json_kind(j));
    out = j.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    if (!j.is_number_integer()) {
      return make_error("{}: expected integer, got {}", path, json_kind(j));
    }
    if (j.is_number_unsigned()) {
      auto v = j.get<uint64_t>();
      if (v > static_cast<uint64_t>(std::numeric_limits<T>::max())) {
        return make_error("{}: {} is out of range [{}, {}]", path, v, std::numeric_limits<T>::min(),
                          std::numeric_limits<T>::max());
      }
      out = static_cast<T>(v);
    } else {
      auto v = j.get<int64_t>();
      if (v < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
          (v > 0 && static_cast<uint64_t>(v) > static_cast<uint64_t>(std::numeric_limits<T>::max()))) {
        return make_error("{}: {} is out of range [{}, {}]", path, v, std::numeric_limits<T>::min(),
                          std::numeric_limits<T>::max());
      }
      out = static_cast<T>(v);
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!j.is_number()) return make_error("{}: expected number, got {}", path, json_kind(j));
    out = j.get<T>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) return make_error("{}: expected string, got {}", path, json_kind(j));
    out = j.get<std::string>();
  } else if constexpr (is_optional<T>::value) {
    typename T::value_type value{};
    NFV_TRY(decode(j, value, path));
    out = std::move(value);
  } else if constexpr (is_vector<T>::value) {
    if (!j.is_array()) return make_error("{}: expected array, got {}", path, json_kind(j));
    out.clear();
    for (size_t i = 0; i < j.size(); ++i) {
      typename T::value_type value{};
      NFV_TRY(decode(j[i], value, path + "[" + std::to_string(i) + "]"));
      out.push_back(std::move(value));
    }
  } else if constexpr (is_string_map<T>::value) {
    if (!j.is_object()) return make_error("{}: expected object, got {}", path, json_kind(j));
    out.clear();
    for (const auto& item : j.items()) {
      typename T::mapped_type value{};
      NFV_TRY(decode(item.value(), value, path + "." + item.key()));
      out.emplace(item.key(), std::move(value));
    }
  } else {
    static_assert(Described<T>, "wire type must be a scalar, container or list its fields()");
    return decode_object(j, out, path);
  }
  return {};
}

// Parse `j` into a T; errors name the offending field ("params.queues: expected integer").
template <typename T>
Result<T> from_wire(const json& j, const std::string& path = "params") {
  T value{};
  const json empty = json::object();
  NFV_TRY(decode(j.is_null() ? empty : j, value, path));
  return value;
}

// ---- encoding ------------------------------------------------------------------------

template <typename T>
json to_wire(const T& value) {
  if constexpr (std::is_same_v<T, json>) {
    return value;
  } else if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, std::string>) {
    return json(value);
  } else if constexpr (is_optional<T>::value) {
    return value ? to_wire(*value) : json();
  } else if constexpr (is_vector<T>::value) {
    json out = json::array();
    for (const auto& item : value) out.push_back(to_wire(item));
    return out;
  } else if constexpr (is_string_map<T>::value) {
    json out = json::object();
    for (const auto& [key, item] : value) out[key] = to_wire(item);
    return out;
  } else {
    static_assert(Described<T>, "wire type must be a scalar, container or list its fields()");
    json out = json::object();
    std::apply(
        [&](const auto&... field) {
          auto one = [&](const auto& f) {
            const auto& member = value.*(f.member);
            if constexpr (is_optional<std::remove_cvref_t<decltype(member)>>::value) {
              if (!member) return;
            }
            out[std::string(f.name)] = to_wire(member);
          };
          (one(field), ...);
        (void)one;  // structs without fields
        },
        T::fields());
    return out;
  }
}

// ---- schema (for the golden file and --help texts) -------------------------------------

template <typename T>
json schema_of() {
  if constexpr (std::is_same_v<T, json>) {
    return "any";
  } else if constexpr (std::is_same_v<T, bool>) {
    return "boolean";
  } else if constexpr (std::is_integral_v<T>) {
    return std::is_signed_v<T> ? "integer" : "unsigned";
  } else if constexpr (std::is_floating_point_v<T>) {
    return "number";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "string";
  } else if constexpr (is_optional<T>::value) {
    return schema_of<typename T::value_type>();
  } else if constexpr (is_vector<T>::value) {
    return json{{"array", schema_of<typename T::value_type>()}};
  } else if constexpr (is_string_map<T>::value) {
    return json{{"map", schema_of<typename T::mapped_type>()}};
  } else {
    static_assert(Described<T>, "wire type must be a scalar, container or list its fields()");
    json out = json::object();
    std::apply(
        [&](const auto&... field) {
          auto one = [&](const auto& f) {
            using Member = std::remove_cvref_t<decltype(std::declval<T>().*(f.member))>;
            out[std::string(f.name)] =
                json{{"type", schema_of<Member>()}, {"required", f.required}};
          };
          (one(field), ...);
        (void)one;  // structs without fields
        },
        T::fields());
    return out;
  }
}

}  // namespace nfv::api
