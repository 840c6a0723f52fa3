// The nesting pre-scan: linear, ignores brackets in strings, stops at the limit.
#include "nfv/rpc/nesting.h"

#include <gtest/gtest.h>

#include <string>

namespace nfv::rpc {
namespace {

TEST(JsonNestingDepth, CountsArraysAndObjects) {
  EXPECT_EQ(json_nesting_depth("1", 64), 0u);
  EXPECT_EQ(json_nesting_depth(R"({"a":[1,{"b":[]}]})", 64), 4u);
  EXPECT_EQ(json_nesting_depth("[][][]", 64), 1u);
}

TEST(JsonNestingDepth, BracketsInsideStringsDoNotCount) {
  EXPECT_EQ(json_nesting_depth(R"({"a":"[[[[{{{{"})", 2), 1u);
  EXPECT_EQ(json_nesting_depth(R"({"a":"\"[[[["})", 2), 1u) << "an escaped quote ends nothing";
  EXPECT_EQ(json_nesting_depth(R"({"a":"\\"})", 2), 1u) << "an escaped backslash ends the string";
  EXPECT_EQ(json_nesting_depth(R"(["\\",[[]]])", 2), 3u) << "after that string, brackets count";
}

TEST(JsonNestingDepth, StopsPastTheLimit) {
  EXPECT_EQ(json_nesting_depth(std::string(100000, '['), 64), 65u);
  EXPECT_EQ(json_nesting_depth(std::string(64, '[') + std::string(64, ']'), 64), 64u);
  EXPECT_EQ(json_nesting_depth(std::string(1000, ']') + "[", 64), 1u) << "garbage is safe";
}

}  // namespace
}  // namespace nfv::rpc
