// What the switch's DPDK telemetry commands answer, as a plain tree built from the same wire
// structs stats.get, pmd.list and bridge.list return (so the names are theirs), checked against
// rte_telemetry's limits before any of it is handed to DPDK (telemetry.cc). No DPDK here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"

namespace nfv::dp {

// rte_telemetry 22.11's limits (rte_telemetry.h; telemetry.cc checks they still match).
inline constexpr size_t kTelMaxDictEntries = 256;
inline constexpr size_t kTelMaxStringLen = 128;        // names and string values, with the NUL
inline constexpr size_t kTelMaxOutputLen = 16 * 1024;  // one reply's JSON
inline constexpr size_t kTelMaxDepth = 3;  // a reply, its dicts, and theirs (all 22.11 prints)

// A telemetry dict: names to unsigned, signed, string or dict values, in order.
struct TelDict {
  struct Entry;
  std::vector<Entry> entries;

  void add_u64(std::string name, uint64_t value);
  void add_int(std::string name, int64_t value);
  void add_string(std::string name, std::string value);
  TelDict& add_dict(std::string name);  // stays valid while this dict lives
};
struct TelDict::Entry {
  enum class Kind { kU64, kInt, kString, kDict };
  std::string name;
  Kind kind = Kind::kU64;
  uint64_t u64 = 0;
  int64_t i64 = 0;
  std::string text;
  std::unique_ptr<TelDict> dict;
};

// Ok when rte_telemetry can carry `tree` whole: entries per dict, name and string lengths,
// name characters (letters, digits, '_' and '/'), nesting depth, and the reply's JSON size.
Status fits_telemetry(const TelDict& tree);

// `name` as a telemetry dict key: characters other than letters, digits, '_' and '/' become '_'.
std::string telemetry_key(const std::string& name);

// /nfv/stats,<port>: every counter of stats.get, "drops" {reason: count} and "rx_queues"
// {"<queue>": {queue, pmd, packets, pending, ring_size}}.
TelDict port_tree(const api::PortStats& stats);
// /nfv/pmds: {"pmd<id>": {id, cpu, numa, busy_cycles, idle_cycles, packets, iterations}}.
TelDict pmds_tree(const api::PmdList& pmds);
// /nfv/bridges: {"<name as a key>": {name, macs, mac_table_size, mac_limit}}.
TelDict bridges_tree(const api::BridgeList& bridges);

}  // namespace nfv::dp
