// The closed list of reasons a packet can leave the switch without being delivered.
// The same names appear in counters, JSON-RPC results, Prometheus labels and docs.
//
// Accounting, checked after every traffic test:
//   per port, ingress:  rx_packets == forwarded + sum(ingress drops) + sum(device drops)
//   per port, egress:   tx_attempts == tx_packets + sum(egress drops)
// (a flooded frame counts once as forwarded on its ingress port and once per egress port).
// Device drops are the NIC's own (ethdev) counters of frames no PMD ever received; stats.get
// counts them in rx_packets and rx_dropped as well, so rx_packets == forwarded + rx_dropped.
// Ports without a NIC (vhost-user) have none.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace nfv::api {

enum class DropSide : uint8_t { kIngress, kEgress, kDevice };

enum class DropReason : uint8_t {
  kMalformed,            // ingress: runt frame or multicast source address
  kVlanNotAllowed,       // ingress: tagged frame on an access port, tag not allowed on a trunk, or
                         // the learned destination port does not carry the frame's VLAN. (An
                         // untagged frame on a trunk without native VLAN is not dropped: it is in
                         // VLAN 0, the trunk's untagged domain.)
  kVlanEncapsulation,    // ingress: stacked tags (QinQ, also behind a priority tag) or an
                         // 802.1ad/0x9100 S-tag, on a port that does not accept them; or a
                         // QinQ frame whose outer tag the output port would remove
  kNoDestination,        // ingress: port not in a bridge/xconnect, or nowhere else to flood to
  kHairpin,              // ingress: the destination MAC was learned on the ingress port
  kPortDownRx,           // ingress: port administratively down
  kPoliced,              // ingress: over the port's policing rate (frames or bits per second)
  kStormBroadcast,       // ingress: broadcast over the port's storm-control rate
  kStormMulticast,       // ingress: multicast over the port's storm-control rate
  kStormUnknownUnicast,  // ingress: unknown unicast over the port's storm-control rate
  kAntiSpoof,            // ingress: a port with port security sent what it may not (see help)
  kTxQueueFull,          // egress: the peer did not drain its queue within the retry budget
  kPortDownTx,           // egress: link down (guest not connected, queue not enabled, admin down)
  kMtuExceeded,          // egress: frame longer than the output port's MTU + Ethernet header + tag,
                         // or chained towards a device that sends single buffers only
  kOffloadUnfinished,    // egress: a guest's checksum/TSO request towards a device that does not
                         // finish it (frames would leave with a partial checksum or oversized)
  kRxNoMbuf,             // device: the NIC had no mbuf to receive into (ethdev rx_nombuf)
  kRxMissed,             // device: the NIC's receive ring overflowed (ethdev imissed)
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
     "tagged frame on an access port, VLAN tag not in a trunk's allowed VLANs, or destination "
     "port not in the frame's VLAN (untagged frames on a trunk without native VLAN are in "
     "VLAN 0, the untagged domain, and are not dropped)"},
    {"vlan_encapsulation", DropSide::kIngress,
     "frame with stacked VLAN tags (QinQ, also hidden behind a priority tag) or an 802.1ad "
     "(0x88a8) or 0x9100 S-tag, on a port that does not accept them; or a QinQ frame whose "
     "outer tag the output port would remove (it would leave in its inner VLAN)"},
    {"no_destination", DropSide::kIngress,
     "port is in no bridge or cross-connect, or its bridge has no other port in the VLAN"},
    {"hairpin", DropSide::kIngress,
     "destination MAC was learned on the ingress port (loop or misconfigured host)"},
    {"port_down_rx", DropSide::kIngress, "frame received on an administratively down port"},
    {"policed", DropSide::kIngress,
     "over the port's ingress policing rate (policer_pps or policer_bps), for the port as a "
     "whole"},
    {"storm_broadcast", DropSide::kIngress,
     "broadcast frame over the port's storm-control rate (storm_broadcast_pps)"},
    {"storm_multicast", DropSide::kIngress,
     "multicast frame over the port's storm-control rate (storm_multicast_pps)"},
    {"storm_unknown_unicast", DropSide::kIngress,
     "frame to an unknown unicast MAC (it would flood) over the port's storm-control rate "
     "(storm_unknown_unicast_pps)"},
    {"anti_spoof", DropSide::kIngress,
     "port security: source MAC, IP address, ARP sender or neighbour advertisement target not "
     "among the port's allowed ones; a router advertisement, redirect or DHCP/DHCPv6 server "
     "reply from a port that is not trusted; an EtherType other than IPv4, IPv6 and ARP; or "
     "an IP/ARP header too short to check"},
    {"tx_queue_full", DropSide::kEgress,
     "egress queue stayed full through the retry budget: the peer is not draining"},
    {"port_down_tx", DropSide::kEgress,
     "egress port has no link: guest not connected, queue not enabled, or admin down"},
    {"mtu_exceeded", DropSide::kEgress,
     "frame longer than the egress port's MTU plus Ethernet header and one VLAN tag (raise the "
     "port's mtu), or a multi-buffer frame the egress device cannot send"},
    {"offload_unfinished", DropSide::kEgress,
     "frame from a guest with checksum/TSO offloads enabled still needs that work, and the "
     "egress dpdk port does not do it (disable the vhost port's offloads)"},
    {"rx_nombuf", DropSide::kDevice, "NIC had no mbuf to receive into: mempool exhausted"},
    {"rx_missed", DropSide::kDevice,
     "NIC receive ring overflowed: the PMD polling it is saturated"},
}};

constexpr size_t kDropReasonCount = kDropReasons.size();

constexpr const DropReasonInfo& drop_reason_info(DropReason reason) {
  return kDropReasons[static_cast<size_t>(reason)];
}

}  // namespace nfv::api
