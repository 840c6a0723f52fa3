// forward: each frame to where the bridge sends it. A destination found in the MAC table
// gets the frame in the encapsulation that port wants for the frame's VLAN; an unknown or
// multicast destination floods the VLAN (flood()).
//   drop edges: hairpin (destination learned on the input port), no_destination (the port
//   left the bridge, or nobody else is in the VLAN), vlan_not_allowed (the destination port
//   does not carry the VLAN), malformed (no headroom for a tag), vlan_encapsulation (a QinQ
//   frame would lose its outer tag: it would leave in its inner VLAN)
#pragma once

#include "burst.h"
#include "iteration.h"
#include "nfv/fastpath/packet.h"
#include "stage_transmit.h"

namespace nfv::dp {

// The flood variant of the forward stage: the ports that want the frame's current
// encapsulation share it by reference count (of every segment of a chained frame: each
// segment is freed on its own); the others share one re-tagged copy.
inline void flood(Iteration& it, const PortRuntime& in, PortCounters& c,
                  const BridgeRuntime& bridge, rte_mbuf* m, uint16_t vlan, bool tagged,
                  bool stacked) {
  uint16_t list = bridge.flood_list_of_vlan[vlan];
  if (list == BridgeRuntime::kNoFloodList) {
    drop<Stage::kForward, DropReason::kNoDestination>(m, c);
    return;
  }
  uint16_t same[kMaxPorts];
  uint16_t other[kMaxPorts];
  uint16_t n_same = 0;
  uint16_t n_other = 0;
  uint16_t n_kept_tagged = 0;  // ports a QinQ frame skips: they would untag it
  for (uint16_t entry : bridge.flood_lists[list].entries) {
    uint16_t port = entry & ~FloodList::kTaggedBit;
    if (port == in.index) continue;
    bool want_tagged = (entry & FloodList::kTaggedBit) != 0;
    if (want_tagged == tagged) {
      same[n_same++] = port;
    } else if (!stacked) {
      other[n_other++] = port;
    } else {
      ++n_kept_tagged;  // a QinQ frame never loses its outer tag
    }
  }
  if (n_same + n_other == 0) {
    if (n_kept_tagged > 0) {
      drop<Stage::kForward, DropReason::kVlanEncapsulation>(m, c);
    } else {
      drop<Stage::kForward, DropReason::kNoDestination>(m, c);
    }
    return;
  }
  rte_mbuf* variant = nullptr;
  if (n_other > 0) {
    if (n_same == 0) {
      variant = m;  // nobody wants the original form: convert it in place
      m = nullptr;
    } else {
      variant = rte_pktmbuf_copy(m, it.pool, 0, UINT32_MAX);
    }
    if (variant != nullptr && !set_encapsulation(variant, tagged, !tagged, vlan)) {
      rte_pktmbuf_free(variant);
      variant = nullptr;
    }
    if (variant == nullptr) {
      if (m == nullptr) {  // the only form wanted could not be made: no headroom for a tag
        ++drop_edge<Stage::kForward, DropReason::kMalformed>(c);
        return;
      }
      publish_add(it.published.totals.flood_copy_failed, 1);
    }
  }
  ++c.forwarded;
  ++c.flooded;
  if (m != nullptr) {
    if (n_same > 1) rte_pktmbuf_refcnt_update(m, static_cast<int16_t>(n_same - 1));
    for (uint16_t i = 0; i < n_same; ++i) output(it, same[i], m);
  }
  if (variant != nullptr) {
    if (n_other > 1) rte_pktmbuf_refcnt_update(variant, static_cast<int16_t>(n_other - 1));
    for (uint16_t i = 0; i < n_other; ++i) output(it, other[i], variant);
  }
}

inline void forward(Iteration& it, const PortRuntime& in, const BridgeRuntime& bridge, Burst& b,
                    PortCounters& c) {
  for (uint16_t i = 0; i < b.n; ++i) {
    rte_mbuf* m = b.pkts[i];
    uint8_t k = b.dst_key[i];
    if (!b.key_found(k)) {
      flood(it, in, c, bridge, m, b.vlan[i], b.tagged[i], b.stacked[i]);
      continue;
    }
    uint16_t out = FdbWord::port(b.found[k]);
    if (out == in.index) {
      drop<Stage::kForward, DropReason::kHairpin>(m, c);
      continue;
    }
    const PortRuntime& op = it.snapshot.ports[out];
    if (!op.present || op.attachment != Attachment::kBridge || op.bridge != in.bridge) {
      drop<Stage::kForward, DropReason::kNoDestination>(m, c);
      continue;
    }
    if (!op.member_of(b.vlan[i])) {
      drop<Stage::kForward, DropReason::kVlanNotAllowed>(m, c);
      continue;
    }
    bool want_tagged = op.egress_tagged(b.vlan[i]);
    if (b.stacked[i] && !want_tagged) {
      drop<Stage::kForward, DropReason::kVlanEncapsulation>(m, c);
      continue;
    }
    if (!set_encapsulation(m, b.tagged[i], want_tagged, b.vlan[i])) {
      drop<Stage::kForward, DropReason::kMalformed>(m, c);  // no headroom for the tag
      continue;
    }
    ++c.forwarded;
    output(it, out, m);
  }
}

}  // namespace nfv::dp
