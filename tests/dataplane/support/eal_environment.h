// EAL for in-process dataplane tests: initialised once per test process, without hugepages,
// with lcore 0 for the test and lcores 1 and 2 (both on the last CPU) for up to two PMDs.
#pragma once

#include <gtest/gtest.h>

namespace nfv::test {

class EalEnvironment : public ::testing::Environment {
 public:
  void SetUp() override;
  void TearDown() override;
};

// Registers the environment once per process, whichever test file calls it first.
bool register_eal_environment();

}  // namespace nfv::test
