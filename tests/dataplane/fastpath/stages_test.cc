// The fast path's stage table is the map of where each drop reason can happen: every reason
// a PMD counts must be an edge of some stage, and the table must be in path order.
#include "nfv/fastpath/stages.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace nfv::dp {
namespace {

TEST(FastpathStages, EveryDropReasonAPmdCountsIsAnEdgeOfSomeStage) {
  for (size_t r = 0; r < api::kDropReasonCount; ++r) {
    auto reason = static_cast<DropReason>(r);
    const auto& info = api::drop_reason_info(reason);
    bool is_edge = false;
    for (const StageInfo& stage : kStages) is_edge = is_edge || has_drop_edge(stage.stage, reason);
    if (info.side == api::DropSide::kDevice) {
      EXPECT_FALSE(is_edge) << info.name << " is counted by the NIC, not by a stage";
    } else {
      EXPECT_TRUE(is_edge) << info.name << " is no stage's drop edge";
    }
  }
}

TEST(FastpathStages, TheTableIsInPathOrderWithUniqueNamesAndADescription) {
  std::set<std::string> names;
  for (size_t i = 0; i < kStages.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(kStages[i].stage), i) << kStages[i].name;
    EXPECT_TRUE(names.insert(std::string(kStages[i].name)).second) << kStages[i].name;
    EXPECT_FALSE(kStages[i].does.empty()) << kStages[i].name;
  }
  EXPECT_EQ(stage_info(Stage::kReceive).name, "receive");
  EXPECT_EQ(stage_info(Stage::kTransmit).name, "transmit");
}

TEST(FastpathStages, EgressDropsHappenOnlyInTransmit) {
  for (const StageInfo& stage : kStages) {
    for (DropReason reason : stage.drops) {
      bool egress = api::drop_reason_info(reason).side == api::DropSide::kEgress;
      EXPECT_EQ(egress, stage.stage == Stage::kTransmit)
          << api::drop_reason_info(reason).name << " in " << stage.name;
    }
  }
}

}  // namespace
}  // namespace nfv::dp
