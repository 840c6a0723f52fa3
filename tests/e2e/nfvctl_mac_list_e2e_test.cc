// `nfvctl mac list` on a MAC table larger than one reply may be: the switch refuses the whole
// table in one reply (and says to page with limit and offset); nfvctl pages through it
// itself and shows every entry, or shows one page with --offset and --limit.
#include <gtest/gtest.h>

#include <algorithm>

#include "nfv/testing/nfvctl_process.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/switch_process.h"

namespace nfv::testing {
namespace {

// About 85 bytes each on the wire: 14000 entries are over the 1 MB reply limit below.
constexpr int kMacs = 14000;

std::string host(int i) { return fmt::format("02:00:00:00:{:02x}:{:02x}", i >> 8, i & 0xff); }

size_t count_of(const std::string& text, const std::string& word) {
  size_t count = 0;
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++count;
  return count;
}

class NfvctlMacList : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = TestDir::create();
    ASSERT_TRUE(created) << created.error().message;
    dir.emplace(std::move(created).value());
    SwitchProcessOptions options;
    options.args = {"--port", "a,type=vhost", "--bridge", "br0:a", "--control-max-reply-mb", "1"};
    auto started = SwitchProcess::start(*dir, options);
    ASSERT_TRUE(started) << started.error().message;
    sw.emplace(std::move(started).value());
    for (int i = 0; i < kMacs; ++i) {
      auto added = sw->client().call(api::kMacAdd, api::MacAddParams{"br0", host(i), "a", 0});
      ASSERT_TRUE(added) << added.error().message;
    }
  }

  std::optional<TestDir> dir;
  std::optional<SwitchProcess> sw;
};

TEST_F(NfvctlMacList, OneReplyForTheWholeTableIsRefusedNamingLimitAndOffset) {
  auto all = sw->client().call(api::kMacList, api::MacListParams{});
  ASSERT_FALSE(all) << "a reply of " << kMacs << " entries fits the 1 MB limit";
  EXPECT_NE(all.error().message.find("'limit'"), std::string::npos) << all.error().message;
  EXPECT_NE(all.error().message.find("'offset'"), std::string::npos) << all.error().message;
}

TEST_F(NfvctlMacList, ShowsEveryEntryOfATableLargerThanOneReply) {
  CommandRun table = nfvctl(*dir, *sw, {"mac", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.out.substr(0, 2000);
  EXPECT_EQ(count_of(table.out, "static"), size_t{kMacs});
  size_t first = table.out.find(host(0));
  size_t last = table.out.find(host(kMacs - 1));
  EXPECT_TRUE(first != std::string::npos && last != std::string::npos && first < last);
  EXPECT_EQ(table.out.find("of 14000"), std::string::npos) << "no page footer on a full table";

  auto json = nfvctl(*dir, *sw, {"-j", "mac", "list"}).json();
  ASSERT_EQ(json["entries"].size(), size_t{kMacs});
  EXPECT_EQ(json["total"], kMacs);
  EXPECT_FALSE(json.contains("next_offset"));
  for (int i = 0; i < kMacs; ++i) {
    ASSERT_EQ(json["entries"][i]["mac"], host(i)) << "entry " << i;
  }
}

TEST_F(NfvctlMacList, OffsetAndLimitShowOnePageAndWhereTheNextStarts) {
  CommandRun first = nfvctl(*dir, *sw, {"mac", "list", "--limit", "100"});
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_EQ(count_of(first.out, "static"), 100u);
  EXPECT_NE(first.out.find("(entries 1-100 of 14000; --offset 100 for the next page)"),
            std::string::npos)
      << first.out;

  CommandRun last = nfvctl(*dir, *sw, {"mac", "list", "--offset", "13950", "--limit", "100"});
  ASSERT_EQ(last.exit_code, 0) << last.out;
  EXPECT_EQ(count_of(last.out, "static"), 50u);
  EXPECT_NE(last.out.find(host(13950)), std::string::npos);
  EXPECT_NE(last.out.find("(entries 13951-14000 of 14000)"), std::string::npos) << last.out;

  auto past = nfvctl(*dir, *sw, {"-j", "mac", "list", "--offset", "20000"}).json();
  EXPECT_TRUE(past["entries"].empty());
  EXPECT_EQ(past["total"], kMacs);
  EXPECT_FALSE(past.contains("next_offset"));
}

}  // namespace
}  // namespace nfv::testing
