#include "nfv/common/strings.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace nfv {

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::optional<std::string> take_line(std::string& buffer) {
  auto newline = buffer.find('\n');
  if (newline == std::string::npos) return std::nullopt;
  std::string line = buffer.substr(0, newline);
  buffer.erase(0, newline + 1);
  return line;
}

Result<uint64_t> parse_uint(std::string_view text, std::string_view what, uint64_t min,
                            uint64_t max) {
  std::string_view digits = trim(text);
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    digits.remove_prefix(2);
    base = 16;
  }
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return make_error("{}: '{}' is not a number", what, text);
  }
  if (value < min || value > max) {
    return make_error("{}: {} is out of range [{}, {}]", what, value, min, max);
  }
  return value;
}

Result<std::vector<uint32_t>> parse_id_list(std::string_view text, std::string_view what,
                                            uint32_t max_id) {
  std::vector<uint32_t> ids;
  if (trim(text).empty()) return make_error("{}: empty list", what);
  for (const std::string& item : split(text, ',')) {
    auto dash = item.find('-');
    auto first = parse_uint(item.substr(0, dash), what, 0, max_id);
    if (!first) return std::move(first).error();
    uint64_t last = *first;
    if (dash != std::string::npos) {
      auto parsed_last = parse_uint(item.substr(dash + 1), what, 0, max_id);
      if (!parsed_last) return std::move(parsed_last).error();
      last = *parsed_last;
      if (last < *first) return make_error("{}: range '{}' is reversed", what, item);
    }
    for (uint64_t id = *first; id <= last; ++id) ids.push_back(static_cast<uint32_t>(id));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::string format_id_list(const std::vector<uint32_t>& ids) {
  std::string out;
  size_t i = 0;
  while (i < ids.size()) {
    size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(ids[i]);
    if (j > i) out += '-' + std::to_string(ids[j]);
    i = j + 1;
  }
  return out;
}

namespace {

// `count` hex octets separated by ':', most significant first.
Result<uint64_t> parse_octets(std::string_view text, size_t count, std::string_view what,
                              std::string_view example) {
  auto parts = split(trim(text), ':');
  if (parts.size() != count) {
    return make_error("'{}' is not {} (expected {} hex octets like {})", text, what, count,
                      example);
  }
  uint64_t out = 0;
  for (const std::string& part : parts) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value, 16);
    if (part.empty() || part.size() > 2 || ec != std::errc() || end != part.data() + part.size()) {
      return make_error("'{}' is not {} (octet '{}' is not hex)", text, what, part);
    }
    out = (out << 8) | value;
  }
  return out;
}

}  // namespace

Result<MacAddress> parse_mac(std::string_view text) {
  auto value = parse_octets(text, 6, "a MAC address", "02:00:00:00:00:01");
  if (!value) return std::move(value).error();
  return mac_from_u64(*value);
}

Result<uint64_t> parse_guid(std::string_view text) {
  return parse_octets(text, 8, "a GUID", "02:00:5e:10:00:00:00:01");
}

std::string format_guid(uint64_t guid) {
  std::string text;
  for (int shift = 56; shift >= 0; shift -= 8) {
    if (!text.empty()) text += ':';
    text += fmt::format("{:02x}", (guid >> shift) & 0xff);
  }
  return text;
}

std::string format_mac(const MacAddress& mac) {
  return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", mac[0], mac[1], mac[2], mac[3],
                     mac[4], mac[5]);
}

uint64_t mac_to_u64(const MacAddress& mac) {
  uint64_t value = 0;
  for (uint8_t octet : mac) value = (value << 8) | octet;
  return value;
}

MacAddress mac_from_u64(uint64_t value) {
  MacAddress mac{};
  for (int i = 5; i >= 0; --i) {
    mac[i] = static_cast<uint8_t>(value & 0xff);
    value >>= 8;
  }
  return mac;
}

}  // namespace nfv
