#include "yaml_cursor.h"

#include <algorithm>
#include <vector>

#include "nfv/common/strings.h"

namespace nfv::config::detail {
namespace {

SourceMark mark_of(const YAML::Node& node, SourceMark fallback) {
  if (!node.IsDefined()) return fallback;
  YAML::Mark mark = node.Mark();
  return mark.is_null() ? fallback : SourceMark{mark.line + 1, mark.column + 1};
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

// "spoof_check" and "spoofchk" are close: underscores are not what a typo is made of.
std::string without_underscores(std::string_view text) {
  std::string plain;
  for (char c : text) {
    if (c != '_') plain += c;
  }
  return plain;
}

}  // namespace

std::string closest_key(std::string_view key, const std::vector<std::string>& known) {
  std::string best;
  size_t best_distance = 3;  // more than two edits away is a different word
  for (const auto& name : known) {
    size_t distance = std::min(edit_distance(key, name),
                               edit_distance(without_underscores(key), without_underscores(name)));
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

YamlCursor::YamlCursor(std::string_view origin, YAML::Node root, SourceMap* marks)
    : YamlCursor(origin, "", std::move(root), SourceMark{1, 1}, marks) {}

YamlCursor::YamlCursor(std::string_view origin, std::string path, YAML::Node node,
                       SourceMark fallback, SourceMap* marks)
    : origin_(origin), path_(std::move(path)), node_(std::move(node)), marks_(marks) {
  mark_ = mark_of(node_, fallback);
  if (marks_ != nullptr && node_.IsDefined()) marks_->emplace(path_, mark_);
}

YamlCursor YamlCursor::child(std::string_view key) const {
  std::string path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  const YAML::Node& self = node_;
  YAML::Node value = self.IsMap() ? self[std::string(key)] : YAML::Node(YAML::NodeType::Undefined);
  return YamlCursor(origin_, std::move(path), value, mark_, marks_);
}

YamlCursor YamlCursor::item(size_t index) const {
  const YAML::Node& self = node_;
  return YamlCursor(origin_, fmt::format("{}[{}]", path_, index), self[index], mark_, marks_);
}

Error YamlCursor::error(std::string_view message) const {
  return make_error("{}", format_located(origin_, mark_, path_, message));
}

Status YamlCursor::expect_map(const std::vector<std::string_view>& known) const {
  if (!node_.IsMap()) return error("must be a mapping (key: value)");
  std::vector<std::string> names(known.begin(), known.end());
  for (const auto& entry : node_) {
    std::string key = entry.first.as<std::string>();
    if (std::find(names.begin(), names.end(), key) != names.end()) continue;
    std::string closest = closest_key(key, names);
    std::string hint = closest.empty() ? "" : fmt::format(" (did you mean '{}'?)", closest);
    std::string where = path_.empty() ? key : path_ + "." + key;
    return make_error("{}", format_located(origin_, mark_of(entry.first, mark_), where,
                                           fmt::format("unknown key{}; known keys: {}", hint,
                                                       join(names, ", "))));
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

Result<std::vector<std::string>> YamlCursor::strings() const {
  std::vector<std::string> values;
  if (!present()) return values;
  NFV_TRY(expect_sequence());
  for (size_t i = 0; i < size(); ++i) {
    auto value = item(i).string();
    if (!value) return std::move(value).error();
    values.push_back(std::move(*value));
  }
  return values;
}

}  // namespace nfv::config::detail
