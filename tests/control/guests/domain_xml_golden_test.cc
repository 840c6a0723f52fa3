// The domain XML of each kind of guest is a golden file (regenerate with NFV_UPDATE_GOLDEN=1
// and review the diff); the decisions that matter are also asserted one by one in
// domain_xml_test.cc, so a golden refresh cannot quietly accept a wrong domain.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "golden_specs.h"
#include "nfv/guests/domain_spec.h"

namespace nfv::guests {
namespace {

using testing::golden_path;
using testing::GoldenSpec;

class DomainXmlGolden : public ::testing::TestWithParam<GoldenSpec> {};

TEST_P(DomainXmlGolden, MatchesGoldenFile) {
  const GoldenSpec& golden = GetParam();
  std::string current = domain_xml(golden.spec);
  std::string path = golden_path(golden.name);
  if (std::getenv("NFV_UPDATE_GOLDEN") != nullptr) std::ofstream(path) << current;
  std::ifstream in(path);
  ASSERT_TRUE(in) << "missing " << path << "; run with NFV_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), current) << "the domain XML changed; if intended, regenerate with "
                                        "NFV_UPDATE_GOLDEN=1 and review the diff";
}

INSTANTIATE_TEST_SUITE_P(Guests, DomainXmlGolden, ::testing::ValuesIn(testing::golden_specs()),
                         [](const auto& param_info) {
                           std::string name = param_info.param.name;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace nfv::guests
