#include "yaml_cursor.h"

#include <algorithm>
#include <vector>

#include "nfv/common/strings.h"

namespace nfv::config::detail {
namespace {

int line_of(const YAML::Node& node, int fallback) {
  if (!node.IsDefined()) return fallback;
  YAML::Mark mark = node.Mark();
  return mark.is_null() ? fallback : mark.line + 1;
}

// Edit distance, to suggest the key an operator probably meant.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

YamlCursor::YamlCursor(std::string_view origin, YAML::Node root)
    : YamlCursor(origin, "", std::move(root), 1) {}

YamlCursor::YamlCursor(std::string_view origin, std::string path, YAML::Node node,
                       int fallback_line)
    : origin_(origin), path_(std::move(path)), node_(std::move(node)) {
  line_ = line_of(node_, fallback_line);
}

YamlCursor YamlCursor::child(std::string_view key) const {
  std::string path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  const YAML::Node& self = node_;
  YAML::Node value = self.IsMap() ? self[std::string(key)] : YAML::Node(YAML::NodeType::Undefined);
  return YamlCursor(origin_, std::move(path), value, line_);
}

YamlCursor YamlCursor::item(size_t index) const {
  const YAML::Node& self = node_;
  return YamlCursor(origin_, fmt::format("{}[{}]", path_, index), self[index], line_);
}

Error YamlCursor::error(std::string_view message) const {
  if (path_.empty()) return make_error("{}: {} (line {})", origin_, message, line_);
  return make_error("{}: {}: {} (line {})", origin_, path_, message, line_);
}

Status YamlCursor::expect_map(std::initializer_list<std::string_view> known) const {
  if (!node_.IsMap()) return error("must be a mapping (key: value)");
  std::vector<std::string> names(known.begin(), known.end());
  for (const auto& entry : node_) {
    std::string key = entry.first.as<std::string>();
    if (std::find(names.begin(), names.end(), key) != names.end()) continue;
    std::string hint;
    for (const auto& name : names) {
      if (edit_distance(key, name) <= 2) {
        hint = fmt::format(" (did you mean '{}'?)", name);
        break;
      }
    }
    std::string where = path_.empty() ? key : path_ + "." + key;
    return make_error("{}: {}: unknown key{} (line {}); known keys: {}", origin_, where, hint,
                      line_of(entry.first, line_), join(names, ", "));
  }
  return ok_status();
}

Status YamlCursor::expect_sequence() const {
  if (!node_.IsSequence()) return error("must be a list");
  return ok_status();
}

Result<std::string> YamlCursor::string() const {
  if (!node_.IsScalar()) return error("must be a single value");
  return node_.Scalar();
}

Result<uint64_t> YamlCursor::uint(uint64_t min, uint64_t max) const {
  auto text = string();
  if (!text) return std::move(text).error();
  auto value = parse_uint(*text, "value", 0, UINT64_MAX);
  if (!value) return error(fmt::format("must be a whole number (got '{}')", *text));
  if (*value < min) return error(fmt::format("must be >= {} (got {})", min, *value));
  if (*value > max) return error(fmt::format("must be <= {} (got {})", max, *value));
  return *value;
}

Result<bool> YamlCursor::boolean() const {
  return choice<bool>({{"true", true}, {"false", false}, {"yes", true}, {"no", false}});
}

}  // namespace nfv::config::detail
