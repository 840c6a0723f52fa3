#include "nfv/reconcile/apply.h"

#include <fmt/format.h>

namespace nfv::reconcile {
namespace {

void notify(const ProgressCallback& progress, StepEvent::Phase phase, size_t index, size_t total,
            const Step& step, const Status& result) {
  if (progress) progress(StepEvent{phase, index, total, &step, result});
}

// Undoes steps [0, done) in reverse order; returns the undos that failed.
std::vector<UndoFailure> roll_back(const std::vector<Step>& steps, size_t done, Executor& executor,
                                   const ProgressCallback& progress) {
  std::vector<UndoFailure> failures;
  for (size_t i = done; i-- > 0;) {
    Status undone = executor.undo(steps[i]);
    notify(progress, StepEvent::Phase::kUndo, i, steps.size(), steps[i], undone);
    if (!undone) failures.push_back({i, step_label(steps[i]), undone.error().message});
  }
  return failures;
}

}  // namespace

std::string progress_line(const StepEvent& event) {
  std::string outcome = event.result ? "ok" : "failed: " + event.result.error().message;
  return fmt::format("[{}/{}] {}{}: {}", event.index + 1, event.total,
                     event.phase == StepEvent::Phase::kUndo ? "undo " : "", step_label(*event.step),
                     outcome);
}

Status ApplyReport::status() const {
  if (!failure) return {};
  std::string message = fmt::format("{} failed: {}", failure->step, failure->cause);
  if (failure->index == 0) {
    message += "; nothing was changed";
  } else if (failure->rollback_complete) {
    message += fmt::format("; the {} step{} before it {} rolled back", failure->index,
                           failure->index == 1 ? "" : "s", failure->index == 1 ? "was" : "were");
  } else {
    message += "; rollback incomplete:";
    for (const auto& undo : failure->undo_failures) {
      message += fmt::format(" undo of {} failed: {};", undo.step, undo.cause);
    }
    message += " check the switch with port.list and bridge.list and apply again";
  }
  return make_error("{}", message);
}

ApplyReport apply_steps(const std::vector<Step>& steps, Executor& executor,
                        const ProgressCallback& progress) {
  ApplyReport report;
  for (size_t i = 0; i < steps.size(); ++i) {
    Status ran = executor.run(steps[i]);
    notify(progress, StepEvent::Phase::kRun, i, steps.size(), steps[i], ran);
    if (ran) {
      ++report.applied;
      continue;
    }
    ApplyFailure failure{i, step_label(steps[i]), ran.error().message, true, {}};
    failure.undo_failures = roll_back(steps, i, executor, progress);
    failure.rollback_complete = failure.undo_failures.empty();
    report.failure = std::move(failure);
    break;
  }
  return report;
}

}  // namespace nfv::reconcile
