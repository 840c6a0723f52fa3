// Apply with rollback: a failure at any step leaves the switch exactly as it was before the
// apply, and the error names the object and the cause.
#include "nfv/reconcile/apply.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model_fixture.h"
#include "nfv/reconcile/diff_view.h"
#include "nfv/testing/result_assertions.h"
#include "scenario.h"

namespace nfv::reconcile::testing {
namespace {

using ::testing::HasSubstr;

class ApplyScenario : public ::testing::Test {
 protected:
  void SetUp() override {
    SwitchModel built;
    NFV_ASSERT_OK(converge(built, scenario_before(), {}));
    before_ = built.state();
    plan_ = reconcile(scenario_after(), before_, own_all(before_));
    ASSERT_GE(plan_.steps.size(), 15u) << render_text(plan_);
  }

  SwitchState before_;
  Plan plan_;
};

TEST_F(ApplyScenario, AllStepsSucceedAndReachTheDesiredState) {
  SwitchModel model(before_);
  ModelExecutor executor(model);
  ApplyReport report = apply_steps(plan_.steps, executor);
  NFV_ASSERT_OK(report.status());
  EXPECT_EQ(report.applied, plan_.steps.size());
  EXPECT_TRUE(reconcile(scenario_after(), model.state(), own_all(scenario_after())).steps.empty());
}

TEST_F(ApplyScenario, AFailureAtEveryStepInTurnLeavesTheSwitchExactlyAsItWas) {
  for (size_t k = 0; k < plan_.steps.size(); ++k) {
    SCOPED_TRACE(step_line(plan_.steps[k]));
    SwitchModel model(before_);
    ModelExecutor executor(model);
    executor.fail_run_of(k);
    ApplyReport report = apply_steps(plan_.steps, executor);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.applied, k);
    EXPECT_EQ(report.failure->index, k);
    EXPECT_TRUE(report.failure->rollback_complete) << report.status().error().message;
    EXPECT_EQ(dump(model.state()), dump(before_));
    std::string message = report.status().error().message;
    EXPECT_THAT(message, HasSubstr(step_label(plan_.steps[k]) + " failed: "));
    EXPECT_THAT(message, HasSubstr("injected failure"));
  }
}

TEST_F(ApplyScenario, TheErrorSaysHowManyStepsWereRolledBack) {
  SwitchModel model(before_);
  ModelExecutor executor(model);
  executor.fail_run_of(0);
  EXPECT_THAT(apply_steps(plan_.steps, executor).status().error().message,
              HasSubstr("; nothing was changed"));
  SwitchModel model3(before_);
  ModelExecutor executor3(model3);
  executor3.fail_run_of(3);
  EXPECT_THAT(apply_steps(plan_.steps, executor3).status().error().message,
              HasSubstr("; the 3 steps before it were rolled back"));
}

TEST_F(ApplyScenario, AFailedUndoIsReportedAndTheOtherUndosStillRun) {
  SwitchModel model(before_);
  ModelExecutor executor(model);
  const size_t failing = 8;  // create bridge br-new
  ASSERT_EQ(step_label(plan_.steps[failing]), "bridge br-new (create)");
  executor.fail_run_of(failing + 2);
  executor.fail_undo_of("br-new");
  ApplyReport report = apply_steps(plan_.steps, executor);
  ASSERT_FALSE(report.ok());
  EXPECT_FALSE(report.failure->rollback_complete);
  ASSERT_EQ(report.failure->undo_failures.size(), 1u);
  EXPECT_EQ(report.failure->undo_failures[0].step, "bridge br-new (create)");
  EXPECT_THAT(report.status().error().message,
              HasSubstr("rollback incomplete: undo of bridge br-new (create) failed: "));
  // Everything else is back: only the bridge whose undo failed remains.
  SwitchState expected = before_;
  expected.bridges["br-new"] = model.state().bridges.at("br-new");
  EXPECT_EQ(dump(model.state()), dump(expected));
}

TEST_F(ApplyScenario, ProgressReportsEachRunThenEachUndoInReverse) {
  SwitchModel model(before_);
  ModelExecutor executor(model);
  executor.fail_run_of(2);
  std::vector<std::string> lines;
  apply_steps(plan_.steps, executor,
              [&](const StepEvent& event) { lines.push_back(progress_line(event)); });
  size_t total = plan_.steps.size();
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], fmt::format("[1/{}] {}: ok", total, step_label(plan_.steps[0])));
  EXPECT_EQ(lines[1], fmt::format("[2/{}] {}: ok", total, step_label(plan_.steps[1])));
  EXPECT_THAT(lines[2],
              HasSubstr(fmt::format("[3/{}] {}: failed: ", total, step_label(plan_.steps[2]))));
  EXPECT_EQ(lines[3], fmt::format("[2/{}] undo {}: ok", total, step_label(plan_.steps[1])));
  EXPECT_EQ(lines[4], fmt::format("[1/{}] undo {}: ok", total, step_label(plan_.steps[0])));
}

TEST(Apply, AnEmptyPlanSucceedsWithoutCallingTheExecutor) {
  SwitchModel model;
  ModelExecutor executor(model);
  executor.fail_run_of(0);
  ApplyReport report = apply_steps({}, executor);
  NFV_EXPECT_OK(report.status());
  EXPECT_EQ(report.applied, 0u);
}

}  // namespace
}  // namespace nfv::reconcile::testing
