#include "nfv/dataplane/snapshot_builder.h"

#include <map>

namespace nfv::dp {
namespace {

bool can_deliver(const PortModel& port, uint16_t queue) {
  if (!port.runtime.present || queue >= port.rx_queues) return false;
  if (port.runtime.kind == PortKind::kVhost) {
    return port.runtime.vid >= 0 && ((port.enabled_rx_queues >> queue) & 1) != 0;
  }
  return true;
}

}  // namespace

std::unique_ptr<Snapshot> build_snapshot(const DatapathModel& model) {
  auto snapshot = std::make_unique<Snapshot>();
  snapshot->generation = model.generation;

  // VLAN sets and port security first: PortRuntime::allowed and ::security point into these
  // vectors, which must not grow after.
  snapshot->vlan_sets.reserve(kMaxPorts);
  snapshot->port_rates.reserve(kMaxPorts);
  snapshot->port_security.reserve(kMaxPorts);
  for (uint16_t i = 0; i < kMaxPorts; ++i) {
    const PortModel& port = model.ports[i];
    PortRuntime& runtime = snapshot->ports[i];
    runtime = port.runtime;
    runtime.index = i;
    if (!runtime.present) continue;
    runtime.vlan_mode = port.vlan.mode;
    runtime.access_vlan = port.vlan.access_tag;
    runtime.native_vlan = port.vlan.native;
    runtime.accept_qinq = port.vlan.qinq;
    snapshot->vlan_sets.push_back(port.vlan.allowed);
    runtime.allowed = &snapshot->vlan_sets.back();
    if (port.rates) {
      snapshot->port_rates.push_back(*port.rates);
      runtime.rates = &snapshot->port_rates.back();
    }
    runtime.security = nullptr;
    if (port.security) {
      snapshot->port_security.push_back(*port.security);
      runtime.security = &snapshot->port_security.back();
    }
  }

  snapshot->bridges.resize(model.bridges.size());
  for (uint16_t b = 0; b < model.bridges.size(); ++b) {
    const BridgeModel& bridge = model.bridges[b];
    BridgeRuntime& runtime = snapshot->bridges[b];
    runtime.flood_list_of_vlan.fill(BridgeRuntime::kNoFloodList);
    if (!bridge.present) continue;
    runtime.present = true;
    runtime.mac_table = bridge.mac_table;
    std::vector<uint16_t> members;
    for (uint16_t i = 0; i < kMaxPorts; ++i) {
      const PortRuntime& port = snapshot->ports[i];
      if (port.present && port.attachment == Attachment::kBridge && port.bridge == b) {
        members.push_back(i);
      }
    }
    std::map<std::vector<uint16_t>, uint16_t> known;
    for (uint16_t vlan = 0; vlan < kVlanCount; ++vlan) {
      FloodList list;
      for (uint16_t i : members) {
        const PortRuntime& port = snapshot->ports[i];
        if (!port.member_of(vlan)) continue;
        list.entries.push_back(port.egress_tagged(vlan) ? (i | FloodList::kTaggedBit) : i);
      }
      if (list.entries.empty()) continue;
      auto [it, inserted] =
          known.emplace(list.entries, static_cast<uint16_t>(runtime.flood_lists.size()));
      if (inserted) runtime.flood_lists.push_back(std::move(list));
      runtime.flood_list_of_vlan[vlan] = it->second;
    }
  }

  snapshot->pmds.resize(model.assignment.size());
  for (size_t pmd = 0; pmd < model.assignment.size(); ++pmd) {
    for (const RxqRef& rxq : model.assignment[pmd]) {
      if (rxq.port < kMaxPorts && can_deliver(model.ports[rxq.port], rxq.queue)) {
        snapshot->pmds[pmd].rxqs.push_back(rxq);
      }
    }
  }
  return snapshot;
}

}  // namespace nfv::dp
