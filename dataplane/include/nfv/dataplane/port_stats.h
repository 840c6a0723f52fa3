// One port's stats.get figures from its counters (summed over PMDs, minus the clear
// baseline) and the drops its NIC reported (minus theirs).
//
// Frames the NIC dropped (rx_missed, rx_nombuf) reached the port but never a PMD. They are
// counted in rx_packets as well as in rx_dropped, so that for every port, at any instant,
//   rx_packets == forwarded + rx_dropped    (rx_dropped: ingress and NIC drops)
//   tx_attempts == tx_packets + tx_dropped  (tx_dropped: egress drops)
// rx_bytes and the per-queue rx_queues[].packets count only frames a PMD received.
#pragma once

#include "nfv/api/switch_api.h"
#include "nfv/dataplane/ethdev_port.h"
#include "nfv/fastpath/counters.h"

namespace nfv::dp {

// Every field of api::PortStats but name, the mac_* learning counters and rx_queues.
api::PortStats port_stats(const PortCounters& counters, const DeviceDrops& device);

}  // namespace nfv::dp
