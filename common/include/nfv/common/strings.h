// Parsing helpers shared by option parsers, the config model and the sysfs readers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"

namespace nfv {

std::vector<std::string> split(std::string_view text, char separator);
std::string_view trim(std::string_view text);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
bool starts_with(std::string_view text, std::string_view prefix);
// Removes the first complete line from `buffer` and returns it without its '\n'; nullopt
// (buffer untouched) while no newline has arrived. For line protocols read in chunks.
std::optional<std::string> take_line(std::string& buffer);

// Unsigned decimal (or 0x-prefixed hex) within [min, max]; `what` names the value in errors.
Result<uint64_t> parse_uint(std::string_view text, std::string_view what, uint64_t min = 0,
                            uint64_t max = UINT64_MAX);

// "0-3,8,10-11" -> {0,1,2,3,8,10,11}, sorted and unique; each id <= max_id.
Result<std::vector<uint32_t>> parse_id_list(std::string_view text, std::string_view what,
                                            uint32_t max_id);
// The inverse, compressed into ranges: {0,1,2,5} -> "0-2,5".
std::string format_id_list(const std::vector<uint32_t>& ids);

using MacAddress = std::array<uint8_t, 6>;
Result<MacAddress> parse_mac(std::string_view text);
std::string format_mac(const MacAddress& mac);
// A MAC packed into the low 48 bits, first octet most significant (wire order).
uint64_t mac_to_u64(const MacAddress& mac);
MacAddress mac_from_u64(uint64_t value);

// An RDMA node or port GUID (EUI-64) as ip-link writes it: "02:00:5e:10:00:00:00:01".
Result<uint64_t> parse_guid(std::string_view text);
std::string format_guid(uint64_t guid);

}  // namespace nfv
