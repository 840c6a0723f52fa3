// nfvctl's text of nfvd.drift: how old the check is and in sync, or one line per drifted
// object and the foreign objects; a host that could not be read says why.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "nfvd/views.h"

namespace nfv::nfvctl {
namespace {

using ::testing::HasSubstr;

constexpr std::time_t kCheckedAt = 1796666523;  // 2026-12-07T18:02:03Z

std::string rendered(const api::NfvdDrift& drift, std::time_t now = kCheckedAt + 2) {
  std::ostringstream out;
  render_drift(out, drift, now);
  return out.str();
}

TEST(DriftView, InSyncSaysHowOldTheCheckIs) {
  api::NfvdDrift drift;
  drift.checked_at = "2026-12-07T18:02:03Z";
  drift.in_sync = true;
  EXPECT_EQ(rendered(drift), "drift:        in sync with the desired state (checked 2 s ago)\n");
}

TEST(DriftView, EachDriftedObjectOnALineThenTheForeignOnes) {
  api::NfvdDrift drift;
  drift.checked_at = "2026-12-07T18:02:03Z";
  drift.items.push_back({"port", "a", "removed behind nfvd's back", "apply creates it"});
  drift.foreign.push_back({"port", "lab0"});
  std::string text = rendered(drift);
  EXPECT_THAT(text, HasSubstr("1 object(s) changed behind nfvd's back (checked 2 s ago)"));
  EXPECT_THAT(text, HasSubstr("\ndrift: port a: removed behind nfvd's back (apply creates it)\n"));
  EXPECT_THAT(text, HasSubstr("foreign: port lab0: not nfvd's, left as it is\n"));
}

TEST(DriftView, AnUnreadableHostAndNoCheckYetAreSaid) {
  api::NfvdDrift drift;
  EXPECT_EQ(rendered(drift), "drift:        not checked yet\n");
  drift.checked_at = "2026-12-07T18:02:03Z";
  drift.error = "nfv-switch at /run/nfv/switch.sock does not answer";
  EXPECT_THAT(rendered(drift), HasSubstr("could not be read (checked 2 s ago): nfv-switch at"));
}

}  // namespace
}  // namespace nfv::nfvctl
