// The ranges the switch enforces on port and bridge options, as pure checks on the wire
// types: nfv-switch runs them on every port.add / bridge.add, and the config parser runs the
// same ones, so a config that validates is one the switch accepts. Messages name the field
// ("mtu 70000 is out of range [68, 65517]"); callers prefix the object ("port vm1: ...").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"

namespace nfv::api {

inline constexpr uint32_t kMinMtu = 68;     // IPv4's minimum
inline constexpr uint32_t kMaxMtu = 65517;  // the frame stays within 64 KiB
inline constexpr uint32_t kMaxPortQueues = 16;
inline constexpr uint32_t kMaxTxRetries = 1024;
inline constexpr uint32_t kMinMacTableSize = 16;
inline constexpr uint32_t kMaxMacTableSize = 1u << 24;
inline constexpr uint64_t kMaxRatePps = 1'000'000'000;      // far above what one port can carry
inline constexpr uint64_t kMaxRateBps = 1'000'000'000'000;  // 1 Tbit/s
inline constexpr uint32_t kMaxVlanId = 4094;
inline constexpr size_t kMaxSecurityEntries = 16;  // MACs, and addresses of each family

Status check_mtu(uint32_t mtu);
Status check_queues(uint32_t queues);  // 0 means the default, 1
Status check_tx_retries(uint32_t tx_retries);
// A port's mac_limit: 0 (no limit) up to the largest MAC table.
Status check_mac_limit(uint32_t mac_limit);
Status check_rates(const RateConfig& rates);
// A bridge's table size and learning limit (the limit at most the table's size).
Status check_mac_table(uint32_t mac_table_size, uint32_t mac_limit);

// An access tag in 1-4094, or a trunk's allowed list and native VLAN; returns the trunk's
// allowed VLANs (empty: all of them, or an access port).
Result<std::vector<uint32_t>> check_vlan(const VlanConfig& vlan);

// Structural checks of port security: its fields need `enabled`, 1-16 unicast source MACs
// without repeats, addresses that parse as IPv4/IPv6 addresses or prefixes.
Status check_port_security(const PortSecurityConfig& security);

}  // namespace nfv::api
