// The paths a received burst takes, as sequences of stages (see nfv/fastpath/stages.h).
// Adding a stage to a path is one line here.
#pragma once

#include "burst.h"
#include "iteration.h"
#include "stage_admit.h"
#include "stage_classify.h"
#include "stage_forward.h"
#include "stage_learn.h"
#include "stage_lookup.h"
#include "stage_police.h"
#include "stage_receive.h"
#include "stage_storm.h"
#include "stage_xconnect.h"

namespace nfv::dp {

inline void bridge_path(Iteration& it, const PortRuntime& in, Burst& b, PortCounters& c) {
  const BridgeRuntime& bridge = it.snapshot.bridges[in.bridge];
  classify(in, b, c);
  if (in.security != nullptr) admit<true>(in, b, c);
  if (b.n == 0) return;
  lookup(bridge, b);
  learn(it, in, bridge, b);
  if (in.rates != nullptr && in.rates->storm_control()) {
    storm_control(*in.rates, it.now, b, c);
    if (b.n == 0) return;
  }
  forward(it, in, bridge, b, c);
}

inline void xconnect_path(Iteration& it, const PortRuntime& in, Burst& b, PortCounters& c) {
  if (in.security != nullptr) {
    admit<false>(in, b, c);
    if (b.n == 0) return;
  }
  xconnect(it, in, b, c);
}

// Receives one burst from `rxq` and takes it through its port's path into the tx buffers.
// Returns the frames received.
inline uint16_t poll_rxq(Iteration& it, const RxqRef& rxq) {
  Burst b;
  uint16_t received = receive(it, rxq, b);
  if (b.n == 0) return received;
  const PortRuntime& in = it.snapshot.ports[rxq.port];
  PortCounters& c = it.counters_of(in.index);
  if (in.rates != nullptr && in.rates->polices()) {
    police(*in.rates, it.state.leases[in.index], it.now, b, c);
    if (b.n == 0) return received;
  }
  if (in.attachment == Attachment::kBridge) {
    bridge_path(it, in, b, c);
  } else {
    xconnect_path(it, in, b, c);
  }
  return received;
}

}  // namespace nfv::dp
