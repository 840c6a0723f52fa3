#include "nfv/dataplane/telemetry_tree.h"

#include <fmt/format.h>

#include <cctype>
#include <set>

namespace nfv::dp {
namespace {

bool valid_key(const std::string& name) {
  if (name.empty() || name.size() >= kTelMaxStringLen) return false;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '/') return false;
  }
  return true;
}

// The dict's JSON size, about (quotes, colons, commas and digits counted generously).
Result<size_t> check_dict(const TelDict& dict, size_t depth, const std::string& where) {
  if (depth > kTelMaxDepth) {
    return make_error("telemetry reply: {} nests deeper than {} levels", where, kTelMaxDepth);
  }
  if (dict.entries.size() > kTelMaxDictEntries) {
    return make_error("telemetry reply: {} has {} entries, rte_telemetry carries {}", where,
                      dict.entries.size(), kTelMaxDictEntries);
  }
  size_t size = 2;
  for (const TelDict::Entry& e : dict.entries) {
    if (!valid_key(e.name)) {
      return make_error("telemetry reply: key '{}' in {} is not 1-{} letters, digits, '_' or '/'",
                        e.name, where, kTelMaxStringLen - 1);
    }
    size += e.name.size() + 4;
    switch (e.kind) {
      case TelDict::Entry::Kind::kU64:
      case TelDict::Entry::Kind::kInt:
        size += 21;
        break;
      case TelDict::Entry::Kind::kString:
        if (e.text.size() >= kTelMaxStringLen) {
          return make_error("telemetry reply: the value of {} in {} is longer than {} bytes",
                            e.name, where, kTelMaxStringLen - 1);
        }
        size += e.text.size() * 2 + 2;  // escapes at worst double it
        break;
      case TelDict::Entry::Kind::kDict: {
        auto inner = check_dict(*e.dict, depth + 1, where + "." + e.name);
        if (!inner) return inner;
        size += *inner;
        break;
      }
    }
  }
  return size;
}

}  // namespace

void TelDict::add_u64(std::string name, uint64_t value) {
  Entry& e = entries.emplace_back();
  e.name = std::move(name);
  e.kind = Entry::Kind::kU64;
  e.u64 = value;
}

void TelDict::add_int(std::string name, int64_t value) {
  Entry& e = entries.emplace_back();
  e.name = std::move(name);
  e.kind = Entry::Kind::kInt;
  e.i64 = value;
}

void TelDict::add_string(std::string name, std::string value) {
  Entry& e = entries.emplace_back();
  e.name = std::move(name);
  e.kind = Entry::Kind::kString;
  e.text = std::move(value);
}

TelDict& TelDict::add_dict(std::string name) {
  Entry& e = entries.emplace_back();
  e.name = std::move(name);
  e.kind = Entry::Kind::kDict;
  e.dict = std::make_unique<TelDict>();
  return *e.dict;
}

Status fits_telemetry(const TelDict& tree) {
  auto size = check_dict(tree, 1, "the reply");
  if (!size) return size.error();
  if (*size > kTelMaxOutputLen) {
    return make_error("telemetry reply: about {} bytes of JSON, rte_telemetry sends at most {}",
                      *size, kTelMaxOutputLen);
  }
  return {};
}

std::string telemetry_key(const std::string& name) {
  std::string key = name;
  for (char& c : key) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '/') c = '_';
  }
  return key;
}

TelDict port_tree(const api::PortStats& s) {
  TelDict d;
  d.add_string("name", s.name);
  d.add_u64("rx_packets", s.rx_packets);
  d.add_u64("rx_bytes", s.rx_bytes);
  d.add_u64("forwarded", s.forwarded);
  d.add_u64("flooded", s.flooded);
  d.add_u64("rx_dropped", s.rx_dropped);
  d.add_u64("tx_attempts", s.tx_attempts);
  d.add_u64("tx_packets", s.tx_packets);
  d.add_u64("tx_bytes", s.tx_bytes);
  d.add_u64("tx_dropped", s.tx_dropped);
  d.add_u64("tx_retries", s.tx_retries);
  d.add_u64("mac_learned", s.mac_learned);
  d.add_u64("mac_moved", s.mac_moved);
  d.add_u64("mac_table_full", s.mac_table_full);
  d.add_u64("mac_limit_refused", s.mac_limit_refused);
  d.add_u64("mac_lock_refused", s.mac_lock_refused);
  TelDict& drops = d.add_dict("drops");
  for (const auto& [reason, count] : s.drops) drops.add_u64(reason, count);
  TelDict& queues = d.add_dict("rx_queues");
  for (const api::RxqStats& q : s.rx_queues) {
    TelDict& rxq = queues.add_dict(std::to_string(q.queue));
    rxq.add_u64("queue", q.queue);
    rxq.add_u64("pmd", q.pmd);
    rxq.add_u64("packets", q.packets);
    rxq.add_u64("pending", q.pending);
    rxq.add_u64("ring_size", q.ring_size);
  }
  return d;
}

TelDict pmds_tree(const api::PmdList& pmds) {
  TelDict d;
  for (const api::PmdInfo& pmd : pmds.pmds) {
    TelDict& p = d.add_dict(fmt::format("pmd{}", pmd.id));
    p.add_u64("id", pmd.id);
    p.add_u64("cpu", pmd.cpu);
    p.add_int("numa", pmd.numa);
    p.add_u64("busy_cycles", pmd.busy_cycles);
    p.add_u64("idle_cycles", pmd.idle_cycles);
    p.add_u64("packets", pmd.packets);
    p.add_u64("iterations", pmd.iterations);
  }
  return d;
}

TelDict bridges_tree(const api::BridgeList& bridges) {
  TelDict d;
  std::set<std::string> keys;
  for (const api::BridgeInfo& bridge : bridges.bridges) {
    // Bridge names may hold '-', '.' or ':', which keys may not: the exact name is inside.
    std::string key = telemetry_key(bridge.name);
    for (int n = 2; !keys.insert(key).second; ++n) key = fmt::format("{}_{}", key, n);
    TelDict& b = d.add_dict(key);
    b.add_string("name", bridge.name);
    b.add_u64("macs", bridge.macs);
    b.add_u64("mac_table_size", bridge.mac_table_size);
    b.add_u64("mac_limit", bridge.mac_limit);
  }
  return d;
}

}  // namespace nfv::dp
