// nfvd's pre-flight gate, in-process on a recorded topology and fake sysfs/procfs trees: an
// error refuses the apply before the switch is even asked, names the object and the fix, and
// leaves the state untouched; nfvd.check returns the same finding; a healthy host lets the
// apply through (here to the switch, which does not answer).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "fixtures.h"
#include "healthy_host.h"
#include "nfv/nfvd/service.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::nfvd {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class PreflightGateTest : public ::testing::Test {
 protected:
  Result<Service> open(bool switch_no_huge = false) const {
    HostCheckOptions host{host_.roots(),
                          topology::testing::fixture_path(preflight::testing::kRecording), "",
                          switch_no_huge};
    ServiceOptions options{dir_.file("state"), dir_.file("no-switch.sock")};
    options.vf_allocations = dir_.file("vf-allocations.json");  // never the host's
    return Service::open(options, host);
  }
  static api::NfvdConfigParams telco() {
    api::NfvdConfigParams params;
    params.config_path = topology::testing::example_path("telco-vnf-host.yaml");
    return params;
  }

  nfv::testing::TestDir dir_ = nfv::testing::TestDir::create().value();
  preflight::testing::HealthyHost host_;
};

TEST_F(PreflightGateTest, AnErrorRefusesTheApplyAndNamesTheFix) {
  host_.free_hugepages(0, 2048, 0);  // dpi needs 1024 x 2M on node 0
  NFV_ASSERT_OK_AND_ASSIGN(Service service, open());
  auto applied = service.apply(telco());
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, static_cast<int>(api::ErrorCode::kFailed));
  EXPECT_THAT(applied.error().message,
              AllOf(HasSubstr("the host cannot carry"), HasSubstr("1 error(s)"),
                    HasSubstr("hugepages 2M on node 0: 0 free of 2048 reserved"),
                    HasSubstr("echo 3072 > /sys/devices/system/node/node0/hugepages/"
                              "hugepages-2048kB/nr_hugepages"),
                    HasSubstr("nothing was changed"), Not(HasSubstr("--switch-socket"))));
  EXPECT_FALSE(std::filesystem::exists(dir_.file("state"))) << "a refused apply records nothing";

  api::NfvdCheckResult check = service.check(telco());
  EXPECT_TRUE(check.valid) << "the config is fine; the host is not";
  ASSERT_EQ(check.findings.size(), 1u);
  EXPECT_EQ(check.findings[0].severity, "error");
  EXPECT_EQ(check.findings[0].subject, "hugepages 2M on node 0");
  EXPECT_THAT(check.preflight_note, HasSubstr("no nfv-switch answers"));
}

TEST_F(PreflightGateTest, AHealthyHostLetsTheApplyThrough) {
  NFV_ASSERT_OK_AND_ASSIGN(Service service, open());
  EXPECT_THAT(service.check(telco()).findings, IsEmpty());
  auto applied = service.apply(telco());
  ASSERT_FALSE(applied);
  EXPECT_THAT(applied.error().message, HasSubstr("--switch-socket")) << "past the gate";
}

// No switch answers: the switch's planned memory counts, unless the switch nfvd would start
// runs without hugepages.
TEST_F(PreflightGateTest, TheSwitchsMemoryCountsUnlessItRunsWithoutHugepages) {
  host_.free_hugepages(0, 1048576, 4);  // vrouter's 4 x 1G; the switch wants 1 more on node 0
  NFV_ASSERT_OK_AND_ASSIGN(Service planned, open());
  api::NfvdCheckResult check = planned.check(telco());
  ASSERT_EQ(check.findings.size(), 1u);
  EXPECT_EQ(check.findings[0].subject, "hugepages 1G on node 0");
  EXPECT_THAT(check.findings[0].message, HasSubstr("switch 1024 MB, guest vrouter 4096 MB"));
  NFV_ASSERT_OK_AND_ASSIGN(Service no_huge, open(true));
  EXPECT_THAT(no_huge.check(telco()).findings, IsEmpty());
}

}  // namespace
}  // namespace nfv::nfvd
