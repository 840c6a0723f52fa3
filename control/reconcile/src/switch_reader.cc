#include "nfv/reconcile/switch_reader.h"

namespace nfv::reconcile {

Result<SwitchState> read_switch_state(api::SwitchClient& client) {
  auto ports = client.call(api::kPortList);
  if (!ports) return make_error("reading the switch's ports: {}", ports.error().message);
  auto bridges = client.call(api::kBridgeList);
  if (!bridges) return make_error("reading the switch's bridges: {}", bridges.error().message);
  auto macs = client.call(api::kMacList);
  if (!macs) return make_error("reading the switch's MAC tables: {}", macs.error().message);
  return observe(*ports, *bridges, *macs);
}

}  // namespace nfv::reconcile
