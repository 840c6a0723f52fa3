// nfv-switch with nfv-traffic guests on its vhost-user ports: the set-up the end-to-end tests
// share. The switch's options, a guest on a port's socket, and guests introduced so that a
// bridge knows every MAC before the test's own traffic.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/testing/switch_process.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/traffic_peer.h"

namespace nfv::testing {

// nfv-switch options with one vhost-user server port (its socket in the test directory) per
// entry of `ports`, a name with optional settings ("a", "a,queues=4"), then `topology`
// ({"--bridge", "br0:a,b"}, {"--xconnect", "a,b"}, or none).
SwitchProcessOptions vhost_switch(const std::vector<std::string>& ports,
                                  const std::vector<std::string>& topology = {});

// A guest named after `port`, on that port's socket (see guest_port), started and with its
// link up. `queues` queue pairs offered, `enable` of them enabled (0: all).
Result<TrafficPeer> start_guest_on(const TestDir& dir, const SwitchProcess& sw,
                                   const std::string& port, const MacAddress& mac,
                                   uint16_t queues = 1, uint16_t enable = 0);

// Every guest sends one broadcast from its port 0's MAC (streams 90, 91, ...): each of the
// others in turn to the first guest, which must receive it, then the first to the second.
// Returns once the switch's MAC table holds every guest's MAC.
// Learning is asynchronous (the FDB writer drains the PMDs' learn rings) and a frame to a MAC
// not yet learned is flooded: tests that count frames per port introduce their guests first.
Status introduce_guests(SwitchProcess& sw,
                        std::initializer_list<std::reference_wrapper<TrafficPeer>> guests);

}  // namespace nfv::testing
