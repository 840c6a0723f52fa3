// What learning may do with the MACs of one port (port.add / port.set options), as the MAC
// table's writer applies it. Only learned (dynamic) entries are subject to it: static entries
// (mac.add) neither count against a limit nor move.
#pragma once

#include <cstdint>

namespace nfv::dp {

struct PortLearnPolicy {
  // Most learned MACs on the port in its bridge; 0 = no limit. Past it a new source MAC (or
  // one moving to the port) is not learned: its frames are still forwarded, and frames to it
  // are flooded.
  uint32_t mac_limit = 0;
  // The port's learned MACs are locked to it: the same MAC seen on another port is not moved
  // there by learning (until the entry ages out or is flushed).
  bool mac_lock = false;
  bool operator==(const PortLearnPolicy& other) const = default;
};

}  // namespace nfv::dp
