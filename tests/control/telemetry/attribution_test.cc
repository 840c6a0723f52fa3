#include "nfv/telemetry/attribution.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/api/drop_reasons.h"
#include "nfv/api/telemetry_api.h"

namespace nfv::telemetry {
namespace {

using ::testing::HasSubstr;

LossEvidence vhost_port(std::map<std::string, uint64_t> drops) {
  LossEvidence e;
  e.port = "vm1-eth0";
  e.kind = "vhost";
  e.guest = "vm1";
  e.interval_s = 2;
  e.drops = std::move(drops);
  return e;
}

TEST(AttributionTest, AFullGuestRingWhoseThreadsRunIsAGuestNotDraining) {
  auto e = vhost_port({{"tx_queue_full", 1000}});
  e.peer_wait = 0.01;
  auto v = attribute_loss(e, {});
  EXPECT_EQ(v.verdict, api::kVerdictGuestNotDraining);
  EXPECT_THAT(v.text, HasSubstr("guest vm1 is not draining its receive ring on port vm1-eth0"));
  EXPECT_THAT(v.text, HasSubstr("500 frames/s lost (tx_queue_full 1000)"));
  EXPECT_THAT(v.text, HasSubstr("waited for a CPU only 1%"));
}

TEST(AttributionTest, AFullGuestRingWhoseThreadsWaitForACpuIsAStarvedGuest) {
  auto e = vhost_port({{"tx_queue_full", 1000}});
  e.peer_wait = 0.45;
  auto v = attribute_loss(e, {});
  EXPECT_EQ(v.verdict, api::kVerdictGuestStarved);
  EXPECT_THAT(v.text, HasSubstr("waited for a host CPU 45% of the time"));
  EXPECT_THAT(v.text, HasSubstr("give its vCPUs CPUs of their own"));
}

TEST(AttributionTest, UnknownWaitIsNotStarvation) {
  auto e = vhost_port({{"tx_queue_full", 10}});
  e.peer_wait = -1;
  EXPECT_EQ(attribute_loss(e, {}).verdict, api::kVerdictGuestNotDraining);
}

TEST(AttributionTest, AFullNicRingIsASaturatedLink) {
  auto e = vhost_port({{"tx_queue_full", 10}});
  e.kind = "dpdk";
  e.guest = "";
  EXPECT_EQ(attribute_loss(e, {}).verdict, api::kVerdictLinkSaturated);
}

TEST(AttributionTest, NicDropsAreTheSwitchNotKeepingUp) {
  auto e = vhost_port({{"rx_missed", 300}, {"rx_nombuf", 1}});
  e.kind = "dpdk";
  e.max_pmd_busy = 0.99;
  auto v = attribute_loss(e, {});
  EXPECT_EQ(v.verdict, api::kVerdictSwitchOverloaded);
  EXPECT_THAT(v.text, HasSubstr("its PMD is 99% busy"));
  EXPECT_THAT(v.text, HasSubstr("(rx_missed 300, rx_nombuf 1)"));
}

TEST(AttributionTest, ARingBackingUpBehindASaturatedPmdIsOverloadWithoutCountedDrops) {
  auto e = vhost_port({{"tx_queue_full", 0}});
  e.max_pmd_busy = 0.97;
  e.max_ring_fill = 0.9;
  auto v = attribute_loss(e, {});
  EXPECT_EQ(v.verdict, api::kVerdictSwitchOverloaded);
  EXPECT_THAT(v.text, HasSubstr("transmit ring is 90% full"));
  e.max_ring_fill = 0.2;  // a busy PMD that keeps up
  EXPECT_EQ(attribute_loss(e, {}).verdict, api::kVerdictNone);
  e.max_ring_fill = 0.9;
  e.max_pmd_busy = 0.5;  // a full ring behind an idle PMD: not the switch
  EXPECT_EQ(attribute_loss(e, {}).verdict, api::kVerdictNone);
}

TEST(AttributionTest, ARingBackingUpBehindAPmdWaitingForItsCpuIsOverload) {
  auto e = vhost_port({});
  e.max_pmd_busy = 0.55;  // not busy: it does not get the CPU to be busy on
  e.max_pmd_wait = 0.85;
  e.max_ring_fill = 1.0;
  auto v = attribute_loss(e, {});
  EXPECT_EQ(v.verdict, api::kVerdictSwitchOverloaded);
  EXPECT_THAT(v.text, HasSubstr("its PMD waited for its CPU 85% of the time"));
  EXPECT_THAT(v.text, HasSubstr("give the PMD a core of its own"));
  e.max_ring_fill = 0.1;  // it keeps up all the same
  EXPECT_EQ(attribute_loss(e, {}).verdict, api::kVerdictNone);
}

TEST(AttributionTest, TheLargestShareNamesTheVerdict) {
  auto e = vhost_port({{"anti_spoof", 30}, {"policed", 40}, {"tx_queue_full", 50}});
  e.peer_wait = 0;
  auto v = attribute_loss(e, {});
  EXPECT_EQ(v.verdict, api::kVerdictPolicy);  // 70 by policy against 50
  EXPECT_THAT(v.text, HasSubstr("(anti_spoof 30, policed 40)"));
}

TEST(AttributionTest, NoDropsNoVerdict) {
  auto v = attribute_loss(vhost_port({{"malformed", 0}}), {});
  EXPECT_EQ(v.verdict, api::kVerdictNone);
  EXPECT_EQ(v.text, "");
}

TEST(AttributionTest, EveryDropReasonHasAVerdictOtherThanNone) {
  for (const auto& reason : api::kDropReasons) {
    auto verdict = verdict_of_reason(std::string(reason.name), "vhost", 0, {});
    EXPECT_NE(verdict, api::kVerdictNone) << reason.name;
    EXPECT_NE(std::find(api::kVerdicts.begin(), api::kVerdicts.end(), verdict),
              api::kVerdicts.end())
        << reason.name;
  }
  EXPECT_EQ(verdict_of_reason("malformed", "vhost", 0, {}), api::kVerdictBadFrames);
  EXPECT_EQ(verdict_of_reason("vlan_not_allowed", "vhost", 0, {}), api::kVerdictPolicy);
  EXPECT_EQ(verdict_of_reason("port_down_tx", "vhost", 0, {}), api::kVerdictNoPath);
  EXPECT_EQ(verdict_of_reason(kVfRxDropped, "vf", -1, {}), api::kVerdictGuestNotDraining);
  EXPECT_EQ(verdict_of_reason(kVfTxDropped, "vf", -1, {}), api::kVerdictLinkSaturated);
}

}  // namespace
}  // namespace nfv::telemetry
