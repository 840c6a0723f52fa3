// The filesystem half of the port policy: symlinks and ".." resolved as the kernel will.
#include <fmt/format.h>

#include <filesystem>

#include "api_error.h"
#include "nfv/dataplane/port_policy.h"

namespace nfv::dp {

Status check_vhost_path_resolved(const PortSpec& spec, const PortPolicy& policy) {
  if (spec.type != PortType::kVhost) return {};
  namespace fs = std::filesystem;
  std::error_code ec;
  // The longest existing prefix is resolved; the rest (not created yet) is appended as is.
  fs::path parent = fs::weakly_canonical(fs::path(spec.vhost.path).parent_path(), ec);
  if (ec) {
    return api_error(api::ErrorCode::kInvalidParams,
                     fmt::format("port {}: cannot resolve the directory of {}: {}", spec.name,
                                 spec.vhost.path, ec.message()));
  }
  for (const auto& dir : policy.vhost_dirs) {
    fs::path resolved = fs::weakly_canonical(dir, ec);
    if (ec) continue;
    if (parent == resolved || path_inside(parent.string(), resolved.string())) return {};
  }
  return api_error(
      api::ErrorCode::kInvalidParams,
      fmt::format("port {}: the directory of vhost socket {} resolves to {} (through a symbolic "
                  "link or '..'), outside the vhost directory; use a path without links",
                  spec.name, spec.vhost.path, parent.string()));
}

}  // namespace nfv::dp
