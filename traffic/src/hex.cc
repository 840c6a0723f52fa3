#include "nfv/traffic/hex.h"

namespace nfv::traffic {
namespace {

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(bytes.size() * 2);
  for (uint8_t byte : bytes) {
    text.push_back(kDigits[byte >> 4]);
    text.push_back(kDigits[byte & 0xF]);
  }
  return text;
}

Result<std::vector<uint8_t>> from_hex(std::string_view text) {
  std::vector<uint8_t> bytes;
  bytes.reserve(text.size() / 2);
  int high = -1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == ' ' || c == ':') && high < 0) continue;
    int value = nibble(c);
    if (value < 0) {
      return make_error("hex frame: '{}' at offset {} is not a hex digit", c, i);
    }
    if (high < 0) {
      high = value;
    } else {
      bytes.push_back(static_cast<uint8_t>(high << 4 | value));
      high = -1;
    }
  }
  if (high >= 0)
    return make_error("hex frame: odd number of hex digits ({})", bytes.size() * 2 + 1);
  return bytes;
}

}  // namespace nfv::traffic
