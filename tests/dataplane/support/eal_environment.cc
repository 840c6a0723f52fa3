#include "eal_environment.h"

#include <rte_eal.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "nfv/dataplane/eal.h"

namespace nfv::test {
namespace {

std::unique_ptr<dp::EalSession> g_eal;

}  // namespace

void EalEnvironment::SetUp() {
  unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  std::string pmd_cpu = std::to_string(cpus - 1);
  std::vector<std::string> args = {"dataplane-test",
                                   "--no-huge",
                                   "-m",
                                   "512",
                                   "--no-pci",
                                   "--no-telemetry",
                                   "--lcores",
                                   "0@0,1@" + pmd_cpu + ",2@" + pmd_cpu,
                                   "--main-lcore",
                                   "0",
                                   "--file-prefix",
                                   "dptest" + std::to_string(getpid()),
                                   "--log-level",
                                   "*:error"};
  auto eal = dp::EalSession::init(args);
  ASSERT_TRUE(eal) << eal.error().message;
  g_eal = std::move(eal).value();
}

void EalEnvironment::TearDown() { g_eal.reset(); }

bool register_eal_environment() {
  static const bool registered = [] {
    ::testing::AddGlobalTestEnvironment(new EalEnvironment());
    return true;
  }();
  return registered;
}

}  // namespace nfv::test
