// MAC table operations of the control API; the FDB service does the writing.
#include "api_error.h"
#include "nfv/common/log.h"
#include "nfv/dataplane/switch.h"
#include "nfv/fastpath/packet.h"

namespace nfv::dp {

using api::ErrorCode;

namespace {

Result<uint16_t> checked_vlan(uint32_t vlan) {
  if (vlan > 4094) {
    return api_error(ErrorCode::kInvalidParams,
                     fmt::format("vlan {} is out of range [0, 4094] (0: untagged)", vlan));
  }
  return static_cast<uint16_t>(vlan);
}

Result<MacAddress> checked_mac(const std::string& text) {
  auto mac = parse_mac(text);
  if (!mac) return api_error(ErrorCode::kInvalidParams, mac.error().message);
  return *mac;
}

}  // namespace

Result<FdbFilter> Switch::fdb_filter(const std::string& bridge_name, const std::string& port_name) {
  FdbFilter filter;
  if (!bridge_name.empty()) {
    auto bridge = bridge_or_error(bridge_name);
    if (!bridge) return std::move(bridge).error();
    filter.bridge = (*bridge)->index();
  }
  if (!port_name.empty()) {
    auto port = port_or_error(port_name);
    if (!port) return std::move(port).error();
    filter.port = (*port)->index();
  }
  return filter;
}

Result<api::MacList> Switch::list_macs(const api::MacListParams& params) {
  std::lock_guard lock(mutex_);
  auto matching = fdb_filter(params.bridge, params.port);
  if (!matching) return std::move(matching).error();
  FdbFilter filter = *matching;
  if (params.vlan) {
    auto vlan = checked_vlan(*params.vlan);
    if (!vlan) return std::move(vlan).error();
    filter.vlan = *vlan;
  }
  auto records = fdb_->list(filter);
  // A stable order, so that pages of consecutive requests neither repeat nor skip an entry
  // (unless the table changes in between).
  std::sort(records.begin(), records.end(), [](const FdbRecord& a, const FdbRecord& b) {
    if (a.bridge != b.bridge) return a.bridge < b.bridge;
    if (fdb_key_vlan(a.key) != fdb_key_vlan(b.key))
      return fdb_key_vlan(a.key) < fdb_key_vlan(b.key);
    return mac_to_u64(fdb_key_mac(a.key)) < mac_to_u64(fdb_key_mac(b.key));
  });
  api::MacList list;
  list.total = records.size();
  uint64_t begin = std::min<uint64_t>(params.offset, records.size());
  uint64_t end =
      params.limit == 0 ? records.size() : std::min<uint64_t>(begin + params.limit, records.size());
  if (end < records.size()) list.next_offset = end;
  list.entries.reserve(end - begin);
  for (uint64_t i = begin; i < end; ++i) list.entries.push_back(mac_entry(records[i]));
  return list;
}

api::MacEntry Switch::mac_entry(const FdbRecord& record) const {
  api::MacEntry entry;
  entry.bridge = bridges_[record.bridge] ? bridges_[record.bridge]->name() : "";
  entry.vlan = fdb_key_vlan(record.key);
  entry.mac = format_mac(fdb_key_mac(record.key));
  entry.port = ports_[record.port] ? ports_[record.port]->name() : "";
  entry.is_static = record.is_static;
  entry.age_s = record.age_s;
  return entry;
}

Result<api::MacEntry> Switch::add_mac(const api::MacAddParams& params) {
  std::lock_guard lock(mutex_);
  auto bridge = bridge_or_error(params.bridge);
  if (!bridge) return std::move(bridge).error();
  auto port = port_or_error(params.port);
  if (!port) return std::move(port).error();
  auto mac = checked_mac(params.mac);
  if (!mac) return std::move(mac).error();
  auto vlan = checked_vlan(params.vlan);
  if (!vlan) return std::move(vlan).error();
  Port& p = **port;
  if (!p.in_bridge((*bridge)->index())) {
    return api_error(ErrorCode::kInvalidParams,
                     fmt::format("port {} is not in bridge {}", p.name(), params.bridge));
  }
  PortRuntime runtime;
  runtime.vlan_mode = p.vlan().mode;
  runtime.access_vlan = p.vlan().access_tag;
  runtime.native_vlan = p.vlan().native;
  runtime.allowed = &p.vlan().allowed;
  if (!runtime.member_of(*vlan)) {
    return api_error(
        ErrorCode::kInvalidParams,
        fmt::format("port {} does not carry VLAN {} (see its vlan settings)", p.name(), *vlan));
  }
  if ((*mac)[0] & 1) {
    return api_error(
        ErrorCode::kInvalidParams,
        fmt::format("{} is a multicast address; static entries are unicast", params.mac));
  }
  uint64_t key = fdb_key(*vlan, mac->data());
  if (auto status = fdb_->add_static((*bridge)->index(), key, p.index()); !status) {
    return api_error(ErrorCode::kResourceExhausted,
                     fmt::format("bridge {}: {}", params.bridge, status.error().message));
  }
  log::info("bridge {}: static MAC {} vlan {} -> port {}", params.bridge, format_mac(*mac), *vlan,
            p.name());
  api::MacEntry entry;
  entry.bridge = params.bridge;
  entry.vlan = *vlan;
  entry.mac = format_mac(*mac);
  entry.port = p.name();
  entry.is_static = true;
  return entry;
}

Status Switch::del_mac(const api::MacDelParams& params) {
  std::lock_guard lock(mutex_);
  auto bridge = bridge_or_error(params.bridge);
  if (!bridge) return std::move(bridge).error();
  auto mac = checked_mac(params.mac);
  if (!mac) return std::move(mac).error();
  auto vlan = checked_vlan(params.vlan);
  if (!vlan) return std::move(vlan).error();
  if (!fdb_->remove((*bridge)->index(), fdb_key(*vlan, mac->data())) && !params.missing_ok) {
    return api_error(ErrorCode::kNotFound, fmt::format("bridge {} has no entry for {} in vlan {}",
                                                       params.bridge, format_mac(*mac), *vlan));
  }
  return {};
}

Result<api::CountResult> Switch::flush_macs(const api::MacFlushParams& params) {
  std::lock_guard lock(mutex_);
  auto matching = fdb_filter(params.bridge, params.port);
  if (!matching) return std::move(matching).error();
  FdbFilter filter = *matching;
  filter.include_static = params.include_static;
  return api::CountResult{fdb_->flush(filter)};
}

Result<api::ClockResult> Switch::advance_clock(const api::ClockParams& params) {
  if (!options_.test_clock) {
    return api_error(ErrorCode::kUnsupported,
                     "debug.clock is disabled: start nfv-switch with --test-clock (tests only)");
  }
  if (params.advance_s < 0 || params.advance_s > 1e7) {
    return api_error(ErrorCode::kInvalidParams,
                     fmt::format("advance_s {} is out of range [0, 1e7]", params.advance_s));
  }
  uint64_t aged = fdb_->advance_clock(params.advance_s);
  return api::ClockResult{clock_.now_precise_s(), aged};
}

}  // namespace nfv::dp
