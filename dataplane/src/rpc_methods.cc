#include "nfv/dataplane/rpc_methods.h"

#include "nfv/dataplane/switch_handlers.h"

namespace nfv::dp {

rpc::ServerIdentity switch_identity() { return {"nfv-switch", NFV_VERSION}; }

void register_switch_methods(rpc::Dispatcher& d, Switch& sw) {
  using namespace api;
  d.add(kSwitchInfo, [&sw](const Empty&) -> Result<SwitchInfo> { return sw.info(); });
  d.add(kPortAdd, [&sw](const PortAddParams& p) {
    return handle_port_add(sw, p, PortOrigin::kControlSocket);
  });
  d.add(kPortDel, [&sw](const NameParams& p) { return sw.del_port(p); });
  d.add(kPortList, [&sw](const Empty&) -> Result<PortList> { return sw.list_ports(); });
  d.add(kPortSet, [&sw](const PortSetParams& p) { return sw.set_port(p); });
  d.add(kVlanSet, [&sw](const VlanSetParams& p) { return sw.set_vlan(p); });
  d.add(kBridgeAdd, [&sw](const BridgeAddParams& p) { return handle_bridge_add(sw, p); });
  d.add(kBridgeDel, [&sw](const BridgeDelParams& p) { return sw.del_bridge(p); });
  d.add(kBridgeList, [&sw](const Empty&) -> Result<BridgeList> { return sw.list_bridges(); });
  d.add(kMacList, [&sw](const MacListParams& p) { return sw.list_macs(p); });
  d.add(kMacAdd, [&sw](const MacAddParams& p) { return sw.add_mac(p); });
  d.add(kMacDel, [&sw](const MacDelParams& p) { return sw.del_mac(p); });
  d.add(kMacFlush, [&sw](const MacFlushParams& p) { return sw.flush_macs(p); });
  d.add(kPmdList, [&sw](const Empty&) -> Result<PmdList> { return sw.list_pmds(); });
  d.add(kPmdRebalance, [&sw](const Empty&) -> Result<RebalanceResult> { return sw.rebalance(); });
  d.add(kStatsGet, [&sw](const StatsParams& p) { return sw.stats(p); });
  d.add(kStatsClear, [&sw](const StatsParams& p) { return sw.clear_stats(p); });
  d.add(kDebugClock, [&sw](const ClockParams& p) { return sw.advance_clock(p); });
}

}  // namespace nfv::dp
