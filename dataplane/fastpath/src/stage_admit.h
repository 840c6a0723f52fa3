// admit: anti-spoofing for a port with port security (rules in nfv/fastpath/admission.h).
//   drop edges: anti_spoof (a frame the port may not send)
// Runs only when the port has rules: a port without them pays one branch per burst in its
// path. Reads the headers classify prefetched; checks the first segment only.
#pragma once

#include "burst.h"
#include "iteration.h"
#include "nfv/fastpath/admission.h"

namespace nfv::dp {

// Consecutive frames of one conversation are checked once (AdmittedIpv4).
inline bool admitted(const PortSecurity& rules, const rte_mbuf* m, AdmittedIpv4& last) {
  const auto* frame = rte_pktmbuf_mtod(m, const uint8_t*);
  if (last.matches(frame, m->data_len)) return true;
  if (!admit_frame(rules, frame, m->data_len)) return false;
  last.remember(frame, m->data_len);
  return true;
}

// `kClassified`: the burst went through classify, so its per-frame VLAN state moves along.
template <bool kClassified>
inline void admit(const PortRuntime& in, Burst& b, PortCounters& c) {
  const PortSecurity& rules = *in.security;
  AdmittedIpv4 last;
  uint16_t i = 0;
  while (i < b.n && admitted(rules, b.pkts[i], last)) ++i;  // the common case: all of them pass
  if (i == b.n) [[likely]]
    return;
  uint16_t kept = i;
  for (; i < b.n; ++i) {
    rte_mbuf* m = b.pkts[i];
    if (!admitted(rules, m, last)) {
      drop<Stage::kAdmit, DropReason::kAntiSpoof>(m, c);
      continue;
    }
    b.pkts[kept] = m;
    if constexpr (kClassified) {
      b.vlan[kept] = b.vlan[i];
      b.tagged[kept] = b.tagged[i];
      b.stacked[kept] = b.stacked[i];
    }
    ++kept;
  }
  b.n = kept;
}

}  // namespace nfv::dp
