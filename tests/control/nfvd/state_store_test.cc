// What nfvd keeps across restarts: saved and read back whole, an empty state before the first
// apply, and a damaged file refused with a message that names it instead of being guessed at.
#include "nfv/nfvd/state_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "nfv/testing/result_assertions.h"

namespace nfv::nfvd {
namespace {

using ::testing::HasSubstr;

class StateStore : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/nfvd-state-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& text) { std::ofstream(dir_ + "/state.json") << text; }

  std::string dir_;
};

PersistentState sample() {
  PersistentState state;
  state.config_path = "/etc/nfvd/host.yaml";
  state.config_text = "switch: {}\n";
  state.applied_at = "2026-12-07T07:00:00Z";
  state.last_result = "ok";
  state.owned.bridges = {"br0"};
  state.owned.ports = {"vm1", "vm2"};
  state.owned.macs = {{"br0", "02:00:00:00:00:01", 10}};
  return state;
}

TEST_F(StateStore, OwnedGuestsReadBack) {
  PersistentState state = sample();
  state.owned.guests = {"vm1"};
  NFV_ASSERT_OK(save_state(dir_, state));
  NFV_ASSERT_OK_AND_ASSIGN(PersistentState loaded, load_state(dir_));
  EXPECT_EQ(loaded.owned.guests, std::set<std::string>{"vm1"});
  EXPECT_EQ(object_count(loaded.owned), 5u);
}

TEST_F(StateStore, ASavedStateReadsBackWhole) {
  std::string nested = dir_ + "/var/lib/nfvd";
  NFV_ASSERT_OK(save_state(nested, sample()));
  NFV_ASSERT_OK_AND_ASSIGN(PersistentState loaded, load_state(nested));
  EXPECT_EQ(to_json(loaded), to_json(sample()));
  EXPECT_EQ(object_count(loaded.owned), 4u);
  EXPECT_TRUE(loaded.has_config());
  EXPECT_FALSE(std::filesystem::exists(nested + "/state.json.new")) << "renamed into place";
}

TEST_F(StateStore, NoFileYetIsAnEmptyState) {
  NFV_ASSERT_OK_AND_ASSIGN(PersistentState loaded, load_state(dir_));
  EXPECT_FALSE(loaded.has_config());
  EXPECT_EQ(object_count(loaded.owned), 0u);
}

TEST_F(StateStore, ADamagedFileIsRefusedByName) {
  write("{\"owned\": {\"ports\": [");
  auto broken = load_state(dir_);
  ASSERT_FALSE(broken);
  EXPECT_THAT(broken.error().message, HasSubstr(dir_ + "/state.json is not valid JSON"));
  write(R"({"owned": {"macs": [{"bridge": "br0", "mac": 7}]}})");
  auto wrong = load_state(dir_);
  ASSERT_FALSE(wrong);
  EXPECT_THAT(wrong.error().message, HasSubstr("owned.macs[0]"));
}

TEST(Ownership, IsEveryObjectOfTheDesiredState) {
  reconcile::SwitchState state;
  state.bridges["br0"].name = "br0";
  state.ports["vm1"].spec.name = "vm1";
  state.macs[{"br0", "02:00:00:00:00:01", 0}] = "vm1";
  reconcile::Ownership owned = ownership_of(state);
  EXPECT_EQ(owned.bridges, std::set<std::string>{"br0"});
  EXPECT_EQ(owned.ports, std::set<std::string>{"vm1"});
  EXPECT_EQ(owned.macs.size(), 1u);
}

}  // namespace
}  // namespace nfv::nfvd
