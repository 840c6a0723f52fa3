#include "nfv/reconcile/switch_executor.h"

#include <fmt/format.h>

namespace nfv::reconcile {

Status SwitchExecutor::send(const Step& step, const std::vector<WireCall>& calls, size_t& sent) {
  for (sent = 0; sent < calls.size(); ++sent) {
    auto reply = client_.call_raw(calls[sent].method, calls[sent].params);
    if (!reply) {
      return make_error_code(reply.error().code, "{}: {}: {}", step_label(step), calls[sent].method,
                             reply.error().message);
    }
  }
  return {};
}

Status SwitchExecutor::run(const Step& step) {
  size_t sent = 0;
  Status status = send(step, run_calls(step), sent);
  if (status || sent == 0) return status;
  // Part of the step is in place (a bridge added, not all its ports attached again): take it
  // back so the caller sees the step as not run.
  size_t undone = 0;
  if (Status undo_status = send(step, undo_calls(step), undone); !undo_status) {
    return make_error("{}; taking back its first {} call{} failed too: {}", status.error().message,
                      sent, sent == 1 ? "" : "s", undo_status.error().message);
  }
  return status;
}

Status SwitchExecutor::undo(const Step& step) {
  size_t sent = 0;
  return send(step, undo_calls(step), sent);
}

}  // namespace nfv::reconcile
