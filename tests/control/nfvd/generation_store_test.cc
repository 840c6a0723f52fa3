// Generations on disk: a record reads back whole, generation 0 is the empty config, a file of
// a newer nfvd or of another generation is refused with the file named, pruning keeps the
// newest and the pinned ones, and the state's confirmation and journal survive a save.
#include "nfv/nfvd/generation_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "nfv/nfvd/state_store.h"
#include "nfv/testing/result_assertions.h"

namespace nfv::nfvd {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class GenerationStore : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/nfvd-generations-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
};

GenerationRecord record(uint64_t number, uint64_t previous) {
  return {number,  "/etc/nfvd/host.yaml", "bridges: []\n", "2026-12-07T18:00:00Z", "apply",
          previous};
}

TEST_F(GenerationStore, ARecordReadsBackWhole) {
  NFV_ASSERT_OK(save_generation(dir_, record(3, 2)));
  NFV_ASSERT_OK_AND_ASSIGN(GenerationRecord loaded, load_generation(dir_, 3));
  EXPECT_EQ(loaded, record(3, 2));
  EXPECT_THAT(generation_numbers(dir_), ElementsAre(3u));
  EXPECT_FALSE(std::filesystem::exists(generations_dir(dir_) + "/3.json.new"));
}

TEST_F(GenerationStore, GenerationZeroIsTheEmptyConfig) {
  NFV_ASSERT_OK_AND_ASSIGN(GenerationRecord zero, load_generation(dir_, 0));
  EXPECT_EQ(zero.config_text, kEmptyConfigText);
  EXPECT_EQ(zero.number, 0u);
}

TEST_F(GenerationStore, AMissingOrForeignFileIsRefusedByName) {
  auto missing = load_generation(dir_, 7);
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("generation 7 is not kept any more"));

  NFV_ASSERT_OK(save_generation(dir_, record(4, 3)));
  std::filesystem::rename(generations_dir(dir_) + "/4.json", generations_dir(dir_) + "/5.json");
  auto moved = load_generation(dir_, 5);
  ASSERT_FALSE(moved);
  EXPECT_THAT(moved.error().message, HasSubstr("holds generation 4, not 5"));

  api::json newer = to_json(record(6, 5));
  newer["schema_version"] = kGenerationSchemaVersion + 1;
  std::ofstream(generations_dir(dir_) + "/6.json") << newer.dump();
  auto refused = load_generation(dir_, 6);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message, HasSubstr("6.json: schema_version 2 is newer"));
}

TEST_F(GenerationStore, PruningKeepsTheNewestAndThePinned) {
  for (uint64_t n = 1; n <= 6; ++n) NFV_ASSERT_OK(save_generation(dir_, record(n, n - 1)));
  std::ofstream(generations_dir(dir_) + "/notes.txt") << "not a generation";
  prune_generations(dir_, {2}, 3);
  EXPECT_THAT(generation_numbers(dir_), ElementsAre(2u, 4u, 5u, 6u));
  EXPECT_TRUE(std::filesystem::exists(generations_dir(dir_) + "/notes.txt")) << "not nfvd's";
}

TEST_F(GenerationStore, TheStateKeepsItsGenerationConfirmationAndJournal) {
  PersistentState state;
  state.generation = 5;
  state.applied_generation = 4;
  state.config_text = "bridges: []\n";
  state.pending = PendingConfirm{5, 4, 1796000000};
  state.journal = ApplyJournal{5, 4, "2026-12-07T18:00:00Z", 30};
  NFV_ASSERT_OK(save_state(dir_, state));
  NFV_ASSERT_OK_AND_ASSIGN(PersistentState loaded, load_state(dir_));
  EXPECT_EQ(loaded.generation, 5u);
  EXPECT_EQ(loaded.applied_generation, 4u);
  EXPECT_EQ(loaded.pending, state.pending);
  EXPECT_EQ(loaded.journal, state.journal);
  EXPECT_EQ(to_json(loaded)["schema_version"], kStateSchemaVersion);
}

TEST_F(GenerationStore, AStateFromBeforeGenerationsLoadsAndANewerOneIsRefused) {
  std::ofstream(dir_ + "/state.json") << R"({"config_path": "/h.yaml", "config_text": "x: 1\n"})";
  NFV_ASSERT_OK_AND_ASSIGN(PersistentState old, load_state(dir_));
  EXPECT_EQ(old.generation, 0u);
  EXPECT_FALSE(old.pending);
  EXPECT_FALSE(old.journal);

  std::ofstream(dir_ + "/state.json") << R"({"schema_version": 99})";
  auto newer = load_state(dir_);
  ASSERT_FALSE(newer);
  EXPECT_THAT(newer.error().message, HasSubstr("schema_version 99 is newer"));

  std::ofstream(dir_ + "/state.json") << R"({"schema_version": 2, "pending": {"generation": 1}})";
  auto damaged = load_state(dir_);
  ASSERT_FALSE(damaged);
  EXPECT_THAT(damaged.error().message, HasSubstr("pending: expected"));
}

}  // namespace
}  // namespace nfv::nfvd
