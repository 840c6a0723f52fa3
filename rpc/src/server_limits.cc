#include "nfv/rpc/server_limits.h"

namespace nfv::rpc {

Status validate(const ServerLimits& limits) {
  if (limits.max_clients == 0) return make_error("control socket: max_clients must be at least 1");
  if (limits.idle_timeout.count() <= 0) {
    return make_error("control socket: the idle timeout must be positive");
  }
  if (limits.requests_per_round == 0) {
    return make_error("control socket: requests_per_round must be at least 1");
  }
  if (limits.max_request_bytes < 1024 || limits.max_reply_bytes < 1024) {
    return make_error("control socket: request and reply limits must be at least 1024 bytes");
  }
  if (limits.max_pending_output_bytes < limits.max_reply_bytes) {
    return make_error(
        "control socket: the pending output limit ({} bytes) must hold one reply ({} bytes)",
        limits.max_pending_output_bytes, limits.max_reply_bytes);
  }
  return {};
}

}  // namespace nfv::rpc
