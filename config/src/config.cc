#include "nfv/config/config.h"

#include <fmt/format.h>

namespace nfv::config {

std::string page_size_name(uint64_t bytes) {
  if (bytes >= kPageSize1G && bytes % kPageSize1G == 0) return fmt::format("{}G", bytes >> 30);
  if (bytes >= (1ULL << 20) && bytes % (1ULL << 20) == 0) return fmt::format("{}M", bytes >> 20);
  return fmt::format("{}K", bytes >> 10);
}

const PortConfig* ApplianceConfig::find_port(std::string_view name) const {
  for (const auto& port : ports) {
    if (port.name == name) return &port;
  }
  return nullptr;
}

const BridgeConfig* ApplianceConfig::find_bridge(std::string_view name) const {
  for (const auto& bridge : bridges) {
    if (bridge.name == name) return &bridge;
  }
  return nullptr;
}

std::string_view to_string(InterfaceType type) {
  return type == InterfaceType::kVhost ? "vhost" : "vf";
}
std::string_view to_string(GuestRole role) { return role == GuestRole::kVnf ? "vnf" : "ai"; }
std::string_view to_string(CpuPolicy policy) {
  return policy == CpuPolicy::kDedicated ? "dedicated" : "shared";
}
std::string_view to_string(SmtPolicy policy) {
  return policy == SmtPolicy::kIsolate ? "isolate" : "share";
}
std::string_view to_string(CrossNumaPolicy policy) {
  return policy == CrossNumaPolicy::kWarn ? "warn" : "forbid";
}
std::string_view to_string(EmulatorThreads policy) {
  return policy == EmulatorThreads::kHousekeeping ? "housekeeping" : "dedicated";
}

}  // namespace nfv::config
