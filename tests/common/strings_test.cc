#include "nfv/common/strings.h"

#include <gtest/gtest.h>

namespace nfv {
namespace {

TEST(ParseIdList, RangesAndSingles) {
  auto ids = parse_id_list("0-3,8,10-11", "cores", 64);
  ASSERT_TRUE(ids) << ids.error().message;
  EXPECT_EQ(*ids, (std::vector<uint32_t>{0, 1, 2, 3, 8, 10, 11}));
  EXPECT_EQ(format_id_list(*ids), "0-3,8,10-11");
}

TEST(ParseIdList, ErrorsNameTheValue) {
  auto reversed = parse_id_list("5-2", "--pmd-cores", 64);
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().message, "--pmd-cores: range '5-2' is reversed");
  auto too_big = parse_id_list("1,99", "--pmd-cores", 63);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().message, "--pmd-cores: 99 is out of range [0, 63]");
  EXPECT_FALSE(parse_id_list("", "x", 1));
  EXPECT_FALSE(parse_id_list("a", "x", 1));
}

TEST(Mac, RoundTripAndWireOrder) {
  auto mac = parse_mac("02:00:0a:FF:00:01");
  ASSERT_TRUE(mac);
  EXPECT_EQ(format_mac(*mac), "02:00:0a:ff:00:01");
  EXPECT_EQ(mac_to_u64(*mac), 0x02000aff0001ULL);
  EXPECT_EQ(mac_from_u64(0x02000aff0001ULL), *mac);
  EXPECT_FALSE(parse_mac("02:00:0a:ff:00"));
  EXPECT_FALSE(parse_mac("02:00:0a:ff:00:1g"));
  EXPECT_FALSE(parse_mac("02:00:0a:ff:00:100"));
}

TEST(TakeLine, OneCompleteLineAtATime) {
  std::string buffer = "first\nsecond\npart";
  EXPECT_EQ(take_line(buffer), "first");
  EXPECT_EQ(take_line(buffer), "second");
  EXPECT_EQ(take_line(buffer), std::nullopt);
  EXPECT_EQ(buffer, "part");
  buffer += "ial\n\n";
  EXPECT_EQ(take_line(buffer), "partial");
  EXPECT_EQ(take_line(buffer), "");
  EXPECT_TRUE(buffer.empty());
}

TEST(ParseUint, HexAndRange) {
  EXPECT_EQ(*parse_uint("0x1f", "x"), 31u);
  EXPECT_EQ(*parse_uint(" 42 ", "x"), 42u);
  auto out = parse_uint("70000", "--queues", 1, 65535);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().message, "--queues: 70000 is out of range [1, 65535]");
}

}  // namespace
}  // namespace nfv
