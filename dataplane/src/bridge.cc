#include "nfv/dataplane/bridge.h"

#include <fmt/format.h>

#include "api_error.h"
#include "nfv/api/port_limits.h"
#include "nfv/dataplane/port_spec.h"

namespace nfv::dp {
namespace {

Error invalid(std::string message) {
  return api_error(api::ErrorCode::kInvalidParams, std::move(message));
}

}  // namespace

Result<BridgeSpec> make_bridge_spec(const api::BridgeAddParams& params,
                                    const BridgeDefaults& defaults) {
  if (!valid_object_name(params.name)) {
    return invalid(
        fmt::format("bridge name '{}' is invalid: use 1-64 letters, digits, '_', '.', ':' or '-'",
                    params.name));
  }
  BridgeSpec spec{params.name, params.mac_table_size.value_or(defaults.mac_table_size),
                  params.ageing_s.value_or(defaults.ageing_s), params.mac_limit.value_or(0)};
  if (auto table = api::check_mac_table(spec.mac_table_size, spec.mac_limit); !table) {
    return invalid(fmt::format("bridge {}: {}", params.name, table.error().message));
  }
  if (spec.ageing_s < 1 || spec.ageing_s > 1000000) {
    return invalid(fmt::format("bridge {}: ageing_s {} is out of range [1, 1000000]", params.name,
                               spec.ageing_s));
  }
  return spec;
}

api::BridgeInfo Bridge::info(uint64_t macs, std::vector<std::string> ports) const {
  api::BridgeInfo info;
  info.name = name();
  info.mac_table_size = spec_.mac_table_size;
  info.ageing_s = spec_.ageing_s;
  info.mac_limit = spec_.mac_limit;
  info.macs = macs;
  info.ports = std::move(ports);
  return info;
}

}  // namespace nfv::dp
