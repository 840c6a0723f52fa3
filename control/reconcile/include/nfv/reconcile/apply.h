// Applying a plan's steps in order, all or nothing: on the first failure the steps already
// done are undone in reverse order, from what each step recorded (no further reads).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/reconcile/step.h"

namespace nfv::reconcile {

// The adapter to the thing reconciled (the switch's control socket, a test model).
class Executor {
 public:
  virtual ~Executor() = default;
  virtual Status run(const Step& step) = 0;
  // Puts back what run(step) changed; called only for steps whose run() succeeded.
  virtual Status undo(const Step& step) = 0;
};

// One step done (or undone), for progress output.
struct StepEvent {
  enum class Phase { kRun, kUndo };
  Phase phase = Phase::kRun;
  size_t index = 0;  // into the step list
  size_t total = 0;
  const Step* step = nullptr;
  Status result;
};
using ProgressCallback = std::function<void(const StepEvent&)>;

// "[2/5] port vm1 (create): ok", "[2/5] undo port vm1 (create): failed: ..."
std::string progress_line(const StepEvent& event);

struct UndoFailure {
  size_t index = 0;
  std::string step;  // step_label()
  std::string cause;
};

struct ApplyFailure {
  size_t index = 0;   // the step that failed
  std::string step;   // its step_label()
  std::string cause;  // the executor's error
  bool rollback_complete = true;
  std::vector<UndoFailure> undo_failures;  // in the order tried (reverse step order)
};

struct ApplyReport {
  size_t applied = 0;  // steps run successfully (before any rollback)
  std::optional<ApplyFailure> failure;
  bool ok() const { return !failure.has_value(); }
  // OK, or an error: "port vm9 (create) failed: <cause>; the 4 steps before it were rolled
  // back" or "...; rollback incomplete: undo of port vm1 (change) failed: <cause>".
  Status status() const;
};

// Runs `steps` in order (named apply_steps, not apply: std::apply would win an unqualified call
// by argument-dependent lookup). Progress goes to `progress` (may be empty). An undo that fails
// does not stop the rollback: the others are still tried, and all failures are reported.
ApplyReport apply_steps(const std::vector<Step>& steps, Executor& executor,
                        const ProgressCallback& progress = {});

}  // namespace nfv::reconcile
