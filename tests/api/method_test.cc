#include "nfv/api/method.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "nfv/api/switch_api.h"

namespace nfv::api {
namespace {

TEST(Method, NamesComeInTableOrder) {
  constexpr Method<Empty, Empty> kFirst{"zeta.first", "first"};
  constexpr Method<Empty, CountResult> kSecond{"alpha.second", "second"};
  EXPECT_EQ(method_names(std::tuple{kFirst, kSecond}),
            (std::vector<std::string>{"zeta.first", "alpha.second"}));
  EXPECT_TRUE(method_names(std::tuple<>{}).empty());
}

TEST(Method, SwitchTableListsHelloFirstAndEveryMethodOnce) {
  auto names = method_names(kAllMethods);
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "api.hello");
  auto sorted = names;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
}

TEST(Empty, IsAnEmptyObjectOnTheWire) {
  EXPECT_EQ(to_wire(Empty{}).dump(), "{}");
  EXPECT_TRUE(from_wire<Empty>(json::object()).ok());
  EXPECT_TRUE(from_wire<Empty>(json()).ok());
  auto extra = from_wire<Empty>(json::parse(R"({"port":1})"));
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().message, "params: unknown field 'port' (known fields: none)");
}

}  // namespace
}  // namespace nfv::api
