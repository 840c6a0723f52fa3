#include "nfv/traffic/hex.h"

#include <gtest/gtest.h>

namespace nfv::traffic {
namespace {

TEST(Hex, RoundTrip) {
  std::vector<uint8_t> bytes = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(bytes), "000fa0ff");
  auto back = from_hex("000FA0ff");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, bytes);
  EXPECT_EQ(*from_hex("00:0f a0 ff"), bytes);
  EXPECT_TRUE(from_hex("")->empty());
}

TEST(Hex, RejectsBadDigitsAndOddLengths) {
  auto bad = from_hex("0g");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "hex frame: 'g' at offset 1 is not a hex digit");
  auto odd = from_hex("abc");
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().message, "hex frame: odd number of hex digits (3)");
  EXPECT_FALSE(from_hex("a b").ok());  // a separator inside a byte
}

}  // namespace
}  // namespace nfv::traffic
