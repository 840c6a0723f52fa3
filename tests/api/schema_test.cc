// The wire schema is a golden file: any change to a method's shape fails this test until
// the golden file is regenerated (NFV_UPDATE_GOLDEN=1) and, if incompatible, kApiVersion
// is bumped. So a wire change is always deliberate.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "nfv/api/switch_api.h"

namespace nfv::api {
namespace {

TEST(ApiSchema, MatchesGoldenFile) {
  std::string current = api_schema().dump(2) + "\n";
  if (std::getenv("NFV_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(NFV_API_GOLDEN) << current;
  }
  std::ifstream in(NFV_API_GOLDEN);
  ASSERT_TRUE(in) << "missing " << NFV_API_GOLDEN << "; run with NFV_UPDATE_GOLDEN=1";
  std::stringstream golden;
  golden << in.rdbuf();
  EXPECT_EQ(golden.str(), current)
      << "The switch API changed. If intended, regenerate with NFV_UPDATE_GOLDEN=1 "
         "and bump kApiVersion when the change is incompatible.";
}

TEST(ApiSchema, MethodNamesAreUnique) {
  json schema = api_schema();
  size_t count = std::tuple_size_v<decltype(kAllMethods)>;
  EXPECT_EQ(schema["methods"].size(), count);
}

}  // namespace
}  // namespace nfv::api
