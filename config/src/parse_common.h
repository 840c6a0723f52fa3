// What the section parsers share: typed readers over YamlCursor, name rules, and the
// sections each parse_*.cc reads. Parsing checks each value where it is written (type,
// range, shape); checks across objects run afterwards in validate.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/config/config.h"
#include "yaml_cursor.h"

namespace nfv::config::detail {

inline constexpr uint64_t kMaxCpuId = 4095;
inline constexpr uint64_t kMaxMemoryMb = 64ULL << 20;  // 64 TiB
inline constexpr size_t kMaxNameLength = 32;

// A letter, then letters, digits, '-', '_' or '.'; names become socket files and libvirt
// domain names.
Status check_name(const YamlCursor& at, const std::string& name);
// The required `name` of a list entry.
Result<std::string> read_name(const YamlCursor& entry, std::string_view what);

// Reads key `at` with `read` into `field` when present; an absent key keeps the default.
template <typename T, typename Read>
Status read_optional(const YamlCursor& at, T& field, Read read) {
  if (!at.present()) return ok_status();
  auto value = read(at);
  if (!value) return std::move(value).error();
  field = static_cast<T>(*value);
  return ok_status();
}

inline auto whole_number(uint64_t min, uint64_t max) {
  return [min, max](const YamlCursor& at) { return at.uint(min, max); };
}

inline auto yes_no() {
  return [](const YamlCursor& at) { return at.boolean(); };
}

inline auto text() {
  return [](const YamlCursor& at) { return at.string(); };
}

template <typename T>
auto one_of(std::vector<std::pair<std::string_view, T>> choices) {
  return [choices = std::move(choices)](const YamlCursor& at) { return at.choice(choices); };
}

// A list of mappings with `keys`, each read by `parse` into a new element of `out`.
template <typename Entry, typename Parse>
Status parse_list(const YamlCursor& at, const std::vector<std::string_view>& keys,
                  std::vector<Entry>& out, Parse parse) {
  if (!at.present()) return ok_status();
  NFV_TRY(at.expect_sequence());
  for (size_t i = 0; i < at.size(); ++i) {
    YamlCursor entry = at.item(i);
    NFV_TRY(entry.expect_map(keys));
    Entry value;
    value.line = entry.line();
    NFV_TRY(parse(entry, value));
    out.push_back(std::move(value));
  }
  return ok_status();
}

// A list of named mappings (ports, bridges, guests): parse_list with a `name` read first.
template <typename Entry, typename Parse>
Status parse_named_list(const YamlCursor& at, std::string_view what,
                        const std::vector<std::string_view>& keys, std::vector<Entry>& out,
                        Parse parse) {
  return parse_list(at, keys, out, [&](const YamlCursor& entry, Entry& value) -> Status {
    auto name = read_name(entry, what);
    if (!name) return std::move(name).error();
    value.name = *name;
    return parse(entry, value);
  });
}

// The switch's port options (vlan, mtu, ...), the keys they take, and their reader.
std::vector<std::string_view> with_port_option_keys(std::vector<std::string_view> keys);
Status parse_port_options(const YamlCursor& entry, PortOptions& options);
// A MAC address written as aa:bb:cc:dd:ee:ff, unicast (a source or a static entry).
Result<std::string> read_unicast_mac(const YamlCursor& at);

// memory_mb and hugepage_size (switch, guests): a whole number of pages.
Status parse_hugepage_memory(const YamlCursor& at, uint64_t& memory_mb, uint64_t& page_size);

Status parse_ports(const YamlCursor& at, std::vector<PortConfig>& ports);
Status parse_bridges(const YamlCursor& at, std::vector<BridgeConfig>& bridges);
Status parse_xconnects(const YamlCursor& at, std::vector<XconnectConfig>& xconnects);
Status parse_guests(const YamlCursor& at, std::vector<GuestConfig>& guests);
Status parse_sriov(const YamlCursor& at, std::vector<SriovPfConfig>& sriov);

}  // namespace nfv::config::detail
