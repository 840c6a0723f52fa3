#include "nfv/sriov/undo_log.h"

namespace nfv::sriov {

UndoLog::~UndoLog() {
  if (!steps_.empty()) (void)rollback();
}

void UndoLog::record(std::string description, std::function<Status()> inverse) {
  steps_.push_back({std::move(description), std::move(inverse)});
}

Status UndoLog::rollback(const Progress& progress) {
  std::vector<Step> steps = std::move(steps_);
  steps_.clear();
  std::vector<std::string> failures;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    if (progress) progress("rollback: " + it->description);
    Status status = it->inverse();
    if (!status) failures.push_back(it->description + ": " + status.error().message);
  }
  if (failures.empty()) return {};
  std::string message = "could not undo " + std::to_string(failures.size()) + " of " +
                        std::to_string(steps.size()) + " steps; do these by hand:";
  for (const std::string& failure : failures) message += "\n  - " + failure;
  return make_error("{}", message);
}

Error failed_with_rollback(Error cause, UndoLog& undo, const Progress& progress) {
  size_t steps = undo.size();
  Status rolled_back = undo.rollback(progress);
  if (rolled_back) {
    if (steps > 0)
      cause.message += fmt::format(" (rolled back {} step{})", steps, steps == 1 ? "" : "s");
    return cause;
  }
  cause.message += "\nROLLBACK INCOMPLETE: " + rolled_back.error().message;
  return cause;
}

}  // namespace nfv::sriov
