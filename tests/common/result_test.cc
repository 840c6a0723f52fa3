#include "nfv/common/result.h"

#include <gtest/gtest.h>

namespace nfv {
namespace {

Result<int> half(int value) {
  if (value % 2 != 0) return make_error("{} is odd", value);
  return value / 2;
}

Status quarter_is_even(int value, int& out) {
  auto h = half(value);
  if (!h) return std::move(h).error();
  NFV_TRY(half(*h));
  out = *h / 2;
  return {};
}

TEST(Result, ValueOrError) {
  EXPECT_EQ(*half(8), 4);
  EXPECT_EQ(half(3).error().message, "3 is odd");
  int out = 0;
  EXPECT_TRUE(quarter_is_even(8, out));
  EXPECT_EQ(out, 2);
  auto status = quarter_is_even(6, out);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "3 is odd");
}

}  // namespace
}  // namespace nfv
