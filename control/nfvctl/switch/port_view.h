// How nfvctl prints ports: one table row per port; a single port adds its virtio features.
#pragma once

#include <ostream>

#include "nfv/api/switch_api.h"

namespace nfv::nfvctl {

void render_ports(std::ostream& out, const api::PortList& list);
void render_port(std::ostream& out, const api::PortInfo& port);

}  // namespace nfv::nfvctl
