// The closed list of reasons a packet can leave the switch without being delivered.
// The same names appear in counters, JSON-RPC results, Prometheus labels and docs.
//
// Accounting, checked after every traffic test:
//   per port, ingress:  rx_packets == forwarded + sum(ingress drops)
//   per port, egress:   tx_attempts == tx_packets + sum(egress drops)
// (a flooded frame counts once as forwarded on its ingress port and once per egress port).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace nfv::api {

enum class DropSide : uint8_t { kIngress, kEgress, kDevice };

enum class DropReason : uint8_t {
  kMalformed,       // ingress: runt frame or multicast source address
  kVlanNotAllowed,  // ingress: tag not allowed on the port (or untagged without native VLAN)
  kNoDestination,   // ingress: port not in a bridge/xconnect, or nowhere else to flood to
  kHairpin,         // ingress: the destination MAC was learned on the ingress port
  kPortDownRx,      // ingress: port administratively down
  kTxQueueFull,     // egress: the peer did not drain its queue within the retry budget
  kPortDownTx,      // egress: link down (guest not connected, queue not enabled, admin down)
  kRxNoMbuf,        // device: the NIC had no mbuf to receive into (ethdev rx_nombuf)
  kRxMissed,        // device: the NIC's receive ring overflowed (ethdev imissed)
  kCount,
};

struct DropReasonInfo {
  std::string_view name;
  DropSide side;
  std::string_view help;
};

inline constexpr std::array<DropReasonInfo, static_cast<size_t>(DropReason::kCount)> kDropReasons{{
    {"malformed", DropSide::kIngress,
     "frame shorter than its Ethernet/VLAN header, or with a multicast source MAC"},
    {"vlan_not_allowed", DropSide::kIngress,
     "VLAN tag not in the port's allowed list, or untagged frame on a trunk without native VLAN"},
    {"no_destination", DropSide::kIngress,
     "port is in no bridge or cross-connect, or its bridge has no other port in the VLAN"},
    {"hairpin", DropSide::kIngress,
     "destination MAC was learned on the ingress port (loop or misconfigured host)"},
    {"port_down_rx", DropSide::kIngress, "frame received on an administratively down port"},
    {"tx_queue_full", DropSide::kEgress,
     "egress queue stayed full through the retry budget: the peer is not draining"},
    {"port_down_tx", DropSide::kEgress,
     "egress port has no link: guest not connected, queue not enabled, or admin down"},
    {"rx_nombuf", DropSide::kDevice, "NIC had no mbuf to receive into: mempool exhausted"},
    {"rx_missed", DropSide::kDevice,
     "NIC receive ring overflowed: the PMD polling it is saturated"},
}};

constexpr size_t kDropReasonCount = kDropReasons.size();

constexpr const DropReasonInfo& drop_reason_info(DropReason reason) {
  return kDropReasons[static_cast<size_t>(reason)];
}

}  // namespace nfv::api
