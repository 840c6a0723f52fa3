#include "nfv/sriov/undo_log.h"

#include <gtest/gtest.h>

namespace nfv::sriov {
namespace {

TEST(UndoLog, RunsInversesNewestFirstAndContinuesPastFailures) {
  std::vector<std::string> ran;
  UndoLog undo;
  undo.record("first", [&]() -> Status {
    ran.push_back("first");
    return {};
  });
  undo.record("second", [&]() -> Status {
    ran.push_back("second");
    return make_error("device busy");
  });
  undo.record("third", [&]() -> Status {
    ran.push_back("third");
    return {};
  });
  std::vector<std::string> progress;
  Status status = undo.rollback([&](const std::string& line) { progress.push_back(line); });
  EXPECT_EQ(ran, (std::vector<std::string>{"third", "second", "first"}));
  EXPECT_EQ(progress,
            (std::vector<std::string>{"rollback: third", "rollback: second", "rollback: first"}));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message,
            "could not undo 1 of 3 steps; do these by hand:\n  - second: device busy");
  EXPECT_EQ(undo.size(), 0u);
}

TEST(UndoLog, CommitForgetsAndDestructionRollsBackTheRest) {
  int undone = 0;
  {
    UndoLog undo;
    undo.record("a", [&]() -> Status {
      ++undone;
      return {};
    });
    undo.commit();
    undo.record("b", [&]() -> Status {
      ++undone;
      return {};
    });
  }
  EXPECT_EQ(undone, 1);
}

TEST(UndoLog, FailedWithRollbackSaysWhatHappened) {
  UndoLog undo;
  EXPECT_EQ(failed_with_rollback(make_error("probe failed"), undo, {}).message, "probe failed");
  undo.record("a", []() -> Status { return {}; });
  EXPECT_EQ(failed_with_rollback(make_error("probe failed"), undo, {}).message,
            "probe failed (rolled back 1 step)");
  undo.record("rebind X", []() -> Status { return make_error("EBUSY"); });
  EXPECT_EQ(failed_with_rollback(make_error("probe failed"), undo, {}).message,
            "probe failed\nROLLBACK INCOMPLETE: could not undo 1 of 1 steps; do these by hand:\n"
            "  - rebind X: EBUSY");
}

}  // namespace
}  // namespace nfv::sriov
