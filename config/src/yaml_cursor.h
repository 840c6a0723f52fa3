// A position in a YAML document: the node, its path ("guests[2].vcpus") and its line, so
// every typed read returns an error that tells the operator exactly where to look.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::config::detail {

class YamlCursor {
 public:
  YamlCursor(std::string_view origin, YAML::Node root);

  YamlCursor child(std::string_view key) const;
  YamlCursor item(size_t index) const;

  bool present() const { return node_.IsDefined() && !node_.IsNull(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  size_t size() const { return node_.size(); }
  const std::string& path() const { return path_; }
  int line() const { return line_; }

  // "<origin>: <path>: <message> (line N)"
  Error error(std::string_view message) const;

  // A mapping whose keys are all in `known`; otherwise an error listing them.
  Status expect_map(std::initializer_list<std::string_view> known) const;
  Status expect_sequence() const;

  Result<std::string> string() const;
  Result<uint64_t> uint(uint64_t min, uint64_t max) const;
  Result<bool> boolean() const;

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
  YamlCursor(std::string_view origin, std::string path, YAML::Node node, int fallback_line);

  std::string_view origin_;
  std::string path_;
  YAML::Node node_;
  int line_ = 0;  // 1-based; the parent's line when this node is absent
};

}  // namespace nfv::config::detail
