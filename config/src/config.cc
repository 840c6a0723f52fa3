#include "nfv/config/config.h"

#include <fmt/format.h>

namespace nfv::config {

std::string page_size_name(uint64_t bytes) {
  if (bytes >= kPageSize1G && bytes % kPageSize1G == 0) return fmt::format("{}G", bytes >> 30);
  if (bytes >= (1ULL << 20) && bytes % (1ULL << 20) == 0) return fmt::format("{}M", bytes >> 20);
  return fmt::format("{}K", bytes >> 10);
}

std::string format_located(std::string_view origin, SourceMark mark, std::string_view path,
                           std::string_view message) {
  std::string where =
      mark.line > 0 ? fmt::format("{}:{}:{}", origin, mark.line, mark.column) : std::string(origin);
  if (path.empty()) return fmt::format("{}: {}", where, message);
  return fmt::format("{}: {}: {}", where, path, message);
}

Error ApplianceConfig::error_at(std::string_view path, std::string_view message) const {
  std::string_view written = path;
  for (;;) {
    if (auto found = marks.find(written); found != marks.end()) {
      return make_error("{}", format_located(origin, found->second, path, message));
    }
    if (written.empty()) break;
    size_t cut = written.back() == ']' ? written.rfind('[') : written.rfind('.');
    written = written.substr(0, cut == std::string_view::npos ? 0 : cut);
  }
  return make_error("{}", format_located(origin, SourceMark{}, path, message));
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

std::string ApplianceConfig::xconnect_peer(std::string_view port) const {
  for (const auto& xconnect : xconnects) {
    if (xconnect.ports.size() != 2) continue;
    if (xconnect.ports[0] == port) return xconnect.ports[1];
    if (xconnect.ports[1] == port) return xconnect.ports[0];
  }
  return "";
}

std::string_view to_string(VhostMode mode) {
  return mode == VhostMode::kClient ? "client" : "server";
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
