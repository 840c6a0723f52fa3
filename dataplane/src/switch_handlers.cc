#include "nfv/dataplane/switch_handlers.h"

#include "nfv/dataplane/bridge.h"
#include "nfv/dataplane/port_spec.h"

namespace nfv::dp {

Result<api::PortInfo> handle_port_add(Switch& sw, const api::PortAddParams& params,
                                      PortOrigin origin) {
  auto spec = make_port_spec(params, sw.port_defaults());
  if (!spec) return std::move(spec).error();
  if (origin == PortOrigin::kControlSocket) {
    PortPolicy policy = sw.port_policy();
    NFV_TRY(check_port_policy(*spec, policy));
    NFV_TRY(check_vhost_path_resolved(*spec, policy));
  }
  return sw.add_port(*spec, params.exist_ok);
}

Result<api::BridgeInfo> handle_bridge_add(Switch& sw, const api::BridgeAddParams& params) {
  auto spec = make_bridge_spec(params, sw.bridge_defaults());
  if (!spec) return std::move(spec).error();
  return sw.add_bridge(*spec, params.exist_ok);
}

}  // namespace nfv::dp
