// A position in a YAML document: the node, its path ("guests[2].vcpus") and its line and
// column, so every typed read returns an error that tells the operator exactly where to look.
// Every node a cursor visits leaves its position in the config's source map, so checks that
// run after parsing (validate.cc) can point at the same place.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/config/config.h"

namespace nfv::config::detail {

class YamlCursor {
 public:
  YamlCursor(std::string_view origin, YAML::Node root, SourceMap* marks);

  YamlCursor child(std::string_view key) const;
  YamlCursor item(size_t index) const;

  bool present() const { return node_.IsDefined() && !node_.IsNull(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  size_t size() const { return node_.size(); }
  const std::string& path() const { return path_; }
  int line() const { return mark_.line; }
  SourceMark mark() const { return mark_; }

  // "<origin>:<line>:<column>: <path>: <message>"
  Error error(std::string_view message) const;

  // A mapping whose keys are all in `known`; otherwise an error naming the closest one and
  // listing them all.
  Status expect_map(const std::vector<std::string_view>& known) const;
  Status expect_sequence() const;

  Result<std::string> string() const;
  Result<uint64_t> uint(uint64_t min, uint64_t max) const;
  Result<bool> boolean() const;
  // A list of single values (or absent: empty).
  Result<std::vector<std::string>> strings() const;

  // One of the named values: "must be one of: isolate, share (got 'x')".
  template <typename T>
  Result<T> choice(const std::vector<std::pair<std::string_view, T>>& values) const {
    auto text = string();
    if (!text) return std::move(text).error();
    std::string names;
    for (const auto& [name, value] : values) {
      if (*text == name) return value;
      names += names.empty() ? "" : ", ";
      names += name;
    }
    return error(fmt::format("must be one of: {} (got '{}')", names, *text));
  }

 private:
  YamlCursor(std::string_view origin, std::string path, YAML::Node node, SourceMark fallback,
             SourceMap* marks);

  std::string_view origin_;
  std::string path_;
  YAML::Node node_;
  SourceMark mark_;  // 1-based; the parent's position when this node is absent
  SourceMap* marks_ = nullptr;
};

// The key of `known` closest to `key` (at most two edits away), or "".
std::string closest_key(std::string_view key, const std::vector<std::string>& known);

}  // namespace nfv::config::detail
