// nfvd abandoned in the middle of an SR-IOV apply, as kill -9 leaves it (the apply's journal
// written, some of its steps done, nothing after), then opened again on the same state
// directory and host: its start finishes the apply, or rolls it back when it was on trial, and
// the VF counts, settings and bindings end exactly as one generation wants them, never between.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/testing/result_assertions.h"
#include "sriov_service_fixture.h"

namespace nfv::nfvd {
namespace {

using ::testing::HasSubstr;

constexpr const char* kFourVfs = R"(
sriov:
  - pf: enp59s0f0
    vfs: 4
    vf_settings:
      - {index: 0, mac: "52:54:00:00:00:01", vlan: 200}
      - {index: 1, spoof_check: false, driver: vfio-pci}
      - {index: 3, trust: true}
)";

// Thrown by the crash hook: the apply goes no further, and nothing of it is undone.
struct Crash {};

class SriovCrash : public SriovServiceFixture {
 protected:
  // A Service that "crashes" once `steps` steps of an apply are done.
  Service crashing_after(size_t steps) {
    ServiceOptions o = options();
    o.stop_after_steps = steps;
    o.at_stop_point = [] { throw Crash{}; };
    auto service = Service::open(o, host_check());
    EXPECT_TRUE(service) << service.error().message;
    return std::move(service).value();
  }
  size_t steps_to(Service& service, const char* config) {
    auto plan = service.diff({config, "/etc/nfv/host.yaml"});
    EXPECT_TRUE(plan) << plan.error().message;
    return plan ? plan->plan["steps"].size() : 0;
  }
};

TEST_F(SriovCrash, AnApplyCutShortAtAnyStepEndsInTheOldOrTheNewGeneration) {
  Service first = open_service();
  NFV_ASSERT_OK(first.apply({kTwoVfs, "/etc/nfv/two.yaml"}));
  size_t steps = steps_to(first, kFourVfs);
  ASSERT_GE(steps, 4u);
  for (size_t done = 0; done <= steps; ++done) {
    for (bool on_trial : {false, true}) {
      SCOPED_TRACE(
          fmt::format("cut after {} of {} steps{}", done, steps, on_trial ? ", on trial" : ""));
      {
        Service doomed = crashing_after(done);
        api::NfvdConfigParams params{kFourVfs, "/etc/nfv/four.yaml", on_trial ? 600u : 0u};
        EXPECT_THROW((void)doomed.apply(params), Crash);
      }
      Service restarted = open_service();
      restarted.start_up(std::nullopt);
      api::NfvdStatus status = restarted.status();
      EXPECT_EQ(status.generations.desired, status.generations.observed);
      EXPECT_THAT(status.generations.recovery,
                  HasSubstr(on_trial ? "rolled back the apply" : "finished the apply"));
      EXPECT_EQ(steps_to(restarted, on_trial ? kTwoVfs : kFourVfs), 0u)
          << "the VFs are between generations";
      if (!on_trial) NFV_ASSERT_OK(restarted.apply({kTwoVfs, "/etc/nfv/two.yaml"}));
    }
  }
}

}  // namespace
}  // namespace nfv::nfvd
