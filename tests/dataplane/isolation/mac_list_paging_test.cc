// mac.list in pages: a listing larger than the control socket's reply limit is read with
// offset and limit, in a stable order (bridge in creation order, VLAN, MAC), every entry
// exactly once; the reply says the total and where the next page starts.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "support/eal_environment.h"
#include "support/switch_harness.h"

namespace nfv::test {
namespace {

const bool kEal = register_eal_environment();

constexpr int kMacsPerVlan = 800;
const std::vector<std::string> kBridges = {"br0", "br1"};  // in creation order
const std::vector<uint32_t> kVlans = {10, 20};

std::string host(int i) { return fmt::format("02:00:00:00:{:02x}:{:02x}", i >> 8, i & 0xff); }

// "br0 10 02:00:00:00:00:01": one entry, as the expected order spells it.
std::string key_of(const std::string& bridge, uint32_t vlan, const std::string& mac) {
  return fmt::format("{} {} {}", bridge, vlan, mac);
}
std::string key_of(const api::MacEntry& e) { return key_of(e.bridge, e.vlan, e.mac); }

// Two bridges, each with a trunk port carrying VLANs 10 and 20, and kMacsPerVlan static MACs
// per (bridge, VLAN), added in a shuffled order so that the listing has to sort them.
class MacListPaging : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::tuple<std::string, uint32_t, int>> all;
    for (const std::string& bridge : kBridges) {
      h.add_bridge(bridge, 4096);
      h.add_port("t" + bridge, bridge, api::VlanConfig{"trunk", 0, "10,20", 0});
      for (uint32_t vlan : kVlans) {
        for (int i = 0; i < kMacsPerVlan; ++i) {
          all.emplace_back(bridge, vlan, i);
          expected.push_back(key_of(bridge, vlan, host(i)));
        }
      }
    }
    std::shuffle(all.begin(), all.end(), std::mt19937(7));
    for (const auto& [bridge, vlan, i] : all) {
      auto added = h.sw().add_mac(api::MacAddParams{bridge, host(i), "t" + bridge, vlan});
      ASSERT_TRUE(added) << added.error().message;
    }
  }

  api::MacList page(uint64_t offset, uint32_t limit, const std::string& bridge = "") {
    auto list = h.sw().list_macs(
        {.bridge = bridge, .port = "", .vlan = std::nullopt, .limit = limit, .offset = offset});
    EXPECT_TRUE(list) << list.error().message;
    return list ? *list : api::MacList{};
  }

  SwitchHarness h;
  std::vector<std::string> expected;  // bridge, VLAN, MAC order
};

TEST_F(MacListPaging, PagesOfEverySizeYieldEveryEntryOnceInOrder) {
  const uint64_t total = expected.size();
  for (uint32_t limit : {1u, 7u, 256u, 1000u, 3199u, 3200u, 10000u}) {
    std::vector<std::string> seen;
    uint64_t offset = 0;
    size_t pages = 0;
    while (true) {
      api::MacList list = page(offset, limit);
      ++pages;
      ASSERT_EQ(list.total, total) << "limit " << limit << ", offset " << offset;
      ASSERT_LE(list.entries.size(), limit);
      for (const auto& e : list.entries) seen.push_back(key_of(e));
      if (!list.next_offset) break;
      ASSERT_EQ(*list.next_offset, offset + list.entries.size()) << "limit " << limit;
      offset = *list.next_offset;
    }
    EXPECT_EQ(seen, expected) << "limit " << limit;
    EXPECT_EQ(pages, (total + limit - 1) / limit) << "limit " << limit;
  }
}

TEST_F(MacListPaging, AFilteredListingPagesWithinItsMatches) {
  std::vector<std::string> seen;
  for (uint64_t offset = 0;;) {
    api::MacList list = page(offset, 333, "br1");
    ASSERT_EQ(list.total, kVlans.size() * kMacsPerVlan);
    for (const auto& e : list.entries) seen.push_back(key_of(e));
    if (!list.next_offset) break;
    offset = *list.next_offset;
  }
  std::vector<std::string> br1(expected.begin() + kVlans.size() * kMacsPerVlan, expected.end());
  EXPECT_EQ(seen, br1);
}

TEST_F(MacListPaging, AnOffsetAtOrPastTheEndGivesAnEmptyLastPage) {
  const uint64_t total = expected.size();
  for (uint64_t offset : {total, total + 1, uint64_t{1} << 40}) {
    for (uint32_t limit : {0u, 10u}) {
      api::MacList list = page(offset, limit);
      EXPECT_TRUE(list.entries.empty()) << "offset " << offset;
      EXPECT_EQ(list.total, total);
      EXPECT_FALSE(list.next_offset) << "offset " << offset;
    }
  }
}

TEST_F(MacListPaging, NoLimitReturnsTheRestFromTheOffset) {
  api::MacList rest = page(3000, 0);
  ASSERT_EQ(rest.entries.size(), expected.size() - 3000);
  EXPECT_EQ(key_of(rest.entries.front()), expected[3000]);
  EXPECT_EQ(key_of(rest.entries.back()), expected.back());
  EXPECT_FALSE(rest.next_offset);
  api::MacList last = page(3190, 10);
  EXPECT_EQ(last.entries.size(), 10u);
  EXPECT_FALSE(last.next_offset) << "the page that ends at the last entry is the last";
}

}  // namespace
}  // namespace nfv::test
