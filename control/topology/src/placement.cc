#include "nfv/topology/placement.h"

#include <algorithm>

namespace nfv::topology {

bool GuestPlacement::on_preferred_node() const {
  return preferred_nodes.empty() || std::find(preferred_nodes.begin(), preferred_nodes.end(),
                                              numa_node) != preferred_nodes.end();
}

}  // namespace nfv::topology
