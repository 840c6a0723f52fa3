// Rollback for multi-step host changes: every mutating step records its inverse; on failure the
// inverses run in reverse order, so the host returns to where it started.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::sriov {

// Progress lines for long operations ("PF 0000:3b:00.0: enabling 4 VFs"). May be empty.
using Progress = std::function<void(const std::string&)>;

class UndoLog {
 public:
  UndoLog() = default;
  UndoLog(const UndoLog&) = delete;
  UndoLog& operator=(const UndoLog&) = delete;
  // Rolls back whatever was not committed: a forgotten failure path must not leave the host
  // half-changed.
  ~UndoLog();

  // `description` says what the inverse does: "rebind 0000:3b:02.0 to iavf".
  void record(std::string description, std::function<Status()> inverse);
  // The steps are final: nothing to undo any more.
  void commit() { steps_.clear(); }
  size_t size() const { return steps_.size(); }

  // Runs every inverse, newest first, even after one fails. The error lists each inverse that
  // failed, so the operator knows exactly what to fix by hand.
  Status rollback(const Progress& progress = {});

 private:
  struct Step {
    std::string description;
    std::function<Status()> inverse;
  };
  std::vector<Step> steps_;
};

// Turns the failure of an operation into its final error: the original cause, then what the
// rollback did ("rolled back" or "ROLLBACK INCOMPLETE: ...").
Error failed_with_rollback(Error cause, UndoLog& undo, const Progress& progress);

}  // namespace nfv::sriov
