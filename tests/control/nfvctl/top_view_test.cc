// nfvctl top's view of one sample: its exact text, sorted by each key, filtered, cut to the
// terminal's size, with the sentence of every verdict shown; and the keys of the live view.
#include "nfv/nfvctl/top_view.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/nfvctl/top_keys.h"

namespace nfv::nfvctl {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

api::TelemetryPort port(std::string name, std::string guest, double rx_pps, double tx_pps,
                        double loss_ratio) {
  api::TelemetryPort p;
  p.name = std::move(name);
  p.kind = guest.empty() ? "dpdk" : "vhost";
  p.guest = std::move(guest);
  p.bridge = "br0";
  p.rx_pps = rx_pps;
  p.tx_pps = tx_pps;
  p.rx_bps = rx_pps * 512;
  p.tx_bps = tx_pps * 512;
  p.loss_ratio = loss_ratio;
  return p;
}

// Two ports, one guest whose ring is not drained.
api::TelemetrySample small_sample() {
  api::TelemetrySample sample;
  sample.utc = "2026-12-07T14:00:00Z";
  sample.interval_s = 1;
  sample.switch_up = true;
  sample.pmds.push_back({0, 2, 0, 0, 0, 0, 0.5, 300});
  auto vm1 = port("vm1", "vm-a", 1000, 900, 0.1);
  vm1.drop_pps = {{"tx_queue_full", 100}, {"vlan", 0}};
  vm1.verdict = api::kVerdictGuestNotDraining;
  vm1.verdict_text = "guest vm-a does not drain its receive ring on vm1";
  sample.ports.push_back(vm1);
  sample.ports.push_back(port("up0", "", 2000, 1000, 0));
  api::TelemetryGuest guest;
  guest.name = "vm-a";
  guest.up = true;
  guest.ports = {"vm1"};
  guest.rx_pps = 900;
  guest.tx_pps = 1000;
  guest.loss_ratio = 0.1;
  guest.vcpu_wait_ratio = 0.02;
  guest.verdict = api::kVerdictGuestNotDraining;
  guest.verdict_text = "guest vm-a does not drain its receive ring";
  sample.guests.push_back(guest);
  return sample;
}

TEST(TopView, ExactTextOfASmallSample) {
  EXPECT_THAT(
      render_top(small_sample(), {}, 0, 0),
      ElementsAre(
          "2026-12-07T14:00:00Z  switch up  interval 1.0 s  sort loss",
          "pmd 0 (cpu 2): busy 50.0%, 300 cycles/packet", "",
          "PORT  GUEST  BRIDGE  RX PPS    RX BPS      TX PPS    TX BPS      LOSS    DROPS/S        "
          "        VERDICT",
          "vm1   vm-a   br0     1.0 kpps  512.0 kbps  900 pps   460.8 kbps  10.00%  tx_queue_full "
          "100 pps  guest_not_draining",
          "up0   -      br0     2.0 kpps  1.02 Mbps   1.0 kpps  512.0 kbps  0%      -              "
          "        -",
          "", "GUEST  UP   RX PPS   TX PPS    LOSS    VCPU WAIT  VERDICT",
          "vm-a   yes  900 pps  1.0 kpps  10.00%  2.00%      guest_not_draining", "",
          "port vm1: guest vm-a does not drain its receive ring on vm1",
          "guest vm-a: guest vm-a does not drain its receive ring"));
}

std::vector<std::string> port_order(const api::TelemetrySample& sample, TopSort sort) {
  TopViewOptions options;
  options.sort = sort;
  std::vector<std::string> names;
  for (const auto* p : visible_ports(sample, options)) names.push_back(p->name);
  return names;
}

TEST(TopView, SortsByLossRatesOrName) {
  api::TelemetrySample sample;
  sample.ports = {port("b", "", 10, 300, 0.2), port("a", "", 30, 100, 0.2),
                  port("c", "", 20, 200, 0.5)};
  EXPECT_THAT(port_order(sample, TopSort::kLoss), ElementsAre("c", "a", "b"))
      << "highest loss first, the name breaking ties";
  EXPECT_THAT(port_order(sample, TopSort::kRx), ElementsAre("a", "c", "b"));
  EXPECT_THAT(port_order(sample, TopSort::kTx), ElementsAre("b", "c", "a"));
  EXPECT_THAT(port_order(sample, TopSort::kName), ElementsAre("a", "b", "c"));
  auto lines = render_top(sample, {}, 0, 0);
  auto c = std::find_if(lines.begin(), lines.end(), [](auto& l) { return l.rfind("c ", 0) == 0; });
  auto a = std::find_if(lines.begin(), lines.end(), [](auto& l) { return l.rfind("a ", 0) == 0; });
  EXPECT_LT(c, a) << "the rendered table follows the order";
  EXPECT_EQ(parse_top_sort("tx"), TopSort::kTx);
  EXPECT_FALSE(parse_top_sort("bytes"));
}

TEST(TopView, FilterMatchesPortGuestOrBridgeNames) {
  auto sample = small_sample();
  sample.ports.push_back(port("lab0", "", 1, 1, 0));
  sample.ports.back().bridge = "lab";
  TopViewOptions options;
  options.filter = "vm-a";
  auto shown = render_top(sample, options, 0, 0);
  EXPECT_THAT(shown, Contains(HasSubstr("filter \"vm-a\"")));
  EXPECT_THAT(shown, Contains(HasSubstr("vm1   vm-a")));
  EXPECT_THAT(shown, Not(Contains(HasSubstr("up0"))));
  EXPECT_THAT(shown, Contains(HasSubstr("guest vm-a:")));
  options.filter = "lab";
  shown = render_top(sample, options, 0, 0);
  EXPECT_THAT(shown, Contains(HasSubstr("lab0")));
  EXPECT_THAT(shown, Not(Contains(HasSubstr("vm1"))))
      << "neither the port, its guest nor the sentences";
  options.filter = "nothing";
  EXPECT_THAT(render_top(sample, options, 0, 0), Contains("no port matches \"nothing\""));
}

TEST(TopView, VerdictSentencesForEveryLossShownAndOnlyThose) {
  auto sample = small_sample();
  sample.ports[1].verdict = api::kVerdictPolicy;  // no sentence: the verdict's name stands in
  auto lines = render_top(sample, {}, 0, 0);
  EXPECT_THAT(lines, Contains("port up0: policy"));
  EXPECT_THAT(lines, Contains("port vm1: guest vm-a does not drain its receive ring on vm1"));
  sample.ports[0].verdict = api::kVerdictNone;
  EXPECT_THAT(render_top(sample, {}, 0, 0), Not(Contains(HasSubstr("port vm1:"))));
}

TEST(TopView, CutToTheTerminalKeepingTheFooter) {
  TopViewOptions options;
  options.footer = "h keys";
  auto lines = render_top(small_sample(), options, 30, 6);
  ASSERT_EQ(lines.size(), 6u);
  for (const auto& line : lines) EXPECT_LE(line.size(), 30u) << line;
  EXPECT_EQ(lines[0], "2026-12-07T14:00:00Z  switch u");
  EXPECT_EQ(lines[4], "... 8 more lines") << "12 lines, 4 shown, the 5th says how many follow";
  EXPECT_EQ(lines[5], "h keys");
  EXPECT_THAT(render_top(small_sample(), options, 0, 1), ElementsAre("h keys"));
  EXPECT_EQ(render_top(small_sample(), {}, 0, 0).size(), 12u);
  EXPECT_EQ(fit_width("vm\xc3\xa9x", 3), "vm\xc3\xa9") << "a UTF-8 character is one column";
  EXPECT_EQ(fit_width("vm\xc3\xa9x", 2), "vm") << "never cut inside one";
}

TEST(TopView, SwitchDownAndSourceInTheHeader) {
  api::TelemetrySample sample;
  sample.utc = "2026-12-07T14:00:00Z";
  sample.error = "cannot connect to /run/nfv-switch/nfv-switch.sock";
  TopViewOptions options;
  options.source_note = "from the switch (nfvd not running: no guests, no attribution)";
  auto lines = render_top(sample, options, 0, 0);
  EXPECT_THAT(lines[0],
              AllOf(HasSubstr("switch DOWN (cannot connect"),
                    HasSubstr("first sample (totals only)"), HasSubstr(options.source_note)));
  EXPECT_THAT(lines, Contains("no PMDs"));
  EXPECT_THAT(lines, Contains("no ports"));
}

TEST(TopView, HistoryRowsPerSampleOldestFirst) {
  api::TelemetryHistory history;
  history.interval_s = 1;
  history.samples = {small_sample(), small_sample()};
  history.samples[1].utc = "2026-12-07T14:00:01Z";
  auto lines = render_top_history(history, {});
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "2 samples, one every 1.0 s");
  EXPECT_THAT(lines[2], AllOf(HasSubstr("14:00:00Z"), HasSubstr("up0")));
  EXPECT_THAT(lines[5], AllOf(HasSubstr("14:00:01Z"), HasSubstr("vm1"), HasSubstr("10.00%")));
  EXPECT_THAT(lines, Contains(AllOf(HasSubstr("14:00:01Z"), HasSubstr("vm-a"), HasSubstr("yes"))));
}

TEST(TopKeys, SortFilterPauseHelpQuit) {
  TopKeyState state;
  for (char key : std::string("r")) apply_key(state, key);
  EXPECT_EQ(state.view.sort, TopSort::kRx);
  apply_key(state, 'n');
  EXPECT_EQ(state.view.sort, TopSort::kName);
  for (char key : std::string("/vm\x7f"
                              "1"))
    apply_key(state, key);
  EXPECT_TRUE(state.editing_filter);
  EXPECT_EQ(footer_line(state), "filter: v1_   (Enter applies, Esc clears)");
  EXPECT_EQ(state.view.filter, "") << "applied on Enter only";
  apply_key(state, '\r');
  EXPECT_EQ(state.view.filter, "v1");
  apply_key(state, 'q');
  EXPECT_TRUE(state.quit) << "keys work again once the filter is applied";
  state.quit = false;
  for (char key : std::string("/x\x1b")) apply_key(state, key);
  EXPECT_EQ(state.view.filter, "") << "Esc clears";
  EXPECT_FALSE(state.editing_filter);
  apply_key(state, 'p');
  EXPECT_EQ(footer_line(state), "h keys   PAUSED (p resumes)");
  apply_key(state, 'h');
  EXPECT_THAT(footer_line(state), HasSubstr("l/r/t/n sort by loss/rx/tx/name"));
  apply_key(state, 'l');
  EXPECT_EQ(state.view.sort, TopSort::kLoss);
  EXPECT_FALSE(state.quit);
}

}  // namespace
}  // namespace nfv::nfvctl
