// The exposition of a sample: its exact text, escaping, one block per family, closed label
// lists, and Prometheus's own linter on a rich sample.
#include "nfv/telemetry/prometheus.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "nfv/telemetry/exposition.h"
#include "promtool.h"
#include "samples.h"

namespace nfv::telemetry {
namespace {

using testing::rich_sample;
using testing::small_sample;

const BuildInfo kBuild{"1.2.3-test"};

std::string read_file(const std::string& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) { return testing::output_lines(text); }

std::string metric_name(const std::string& line) {
  return line.substr(0, line.find_first_of("{ "));
}

TEST(PrometheusTest, SmallSampleIsExactlyTheGoldenText) {
  std::string golden_path = std::string(NFV_TELEMETRY_DATA_DIR) + "/small_sample.prom";
  std::string text = render_prometheus(small_sample(), kBuild);
  if (std::getenv("NFV_UPDATE_GOLDEN") != nullptr) std::ofstream(golden_path) << text;
  EXPECT_EQ(text, read_file(golden_path)) << "to accept the new text: NFV_UPDATE_GOLDEN=1";
}

TEST(PrometheusTest, LabelValuesAreEscaped) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escape_label_value("plain-0000:3b:00.0/vf2"), "plain-0000:3b:00.0/vf2");
  EXPECT_EQ(escape_help("a\\b\nc \"q\""), "a\\\\b\\nc \"q\"");
  std::string text = render_prometheus(rich_sample(), kBuild);
  EXPECT_NE(text.find("nfv_guest_up{guest=\"ai \\\"trainer\\\"\\\\1\\nbis\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("nfv_bridge_mac_capacity{bridge=\"br-\\\"lab\\\"\"} 16\n"),
            std::string::npos);
}

TEST(PrometheusTest, SampleValuesReadBackExactly) {
  EXPECT_EQ(format_sample_value(0.025), "0.025");
  EXPECT_EQ(format_sample_value(1.0), "1");
  EXPECT_EQ(format_sample_value(5e-08), "5e-08");
  EXPECT_EQ(format_sample_value(1.0 / 0.0), "+Inf");
  EXPECT_EQ(format_sample_value(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(format_sample_value(0.0 / 0.0), "NaN");
}

// Every family: # HELP, then # TYPE, then all its series, and never again.
TEST(PrometheusTest, EveryFamilyIsOneBlockWithHelpAndType) {
  std::vector<std::string> lines = lines_of(render_prometheus(rich_sample(), kBuild));
  std::set<std::string> seen;
  std::string current;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.starts_with("# HELP ")) {
      current = metric_name(line.substr(7));
      EXPECT_TRUE(seen.insert(current).second) << current << " appears twice";
      ASSERT_LT(i + 1, lines.size());
      EXPECT_TRUE(lines[i + 1].starts_with("# TYPE " + current + " ")) << lines[i + 1];
      ++i;
      continue;
    }
    EXPECT_EQ(metric_name(line), current) << "series outside its family's block: " << line;
  }
  EXPECT_EQ(seen.size(), 24u);
}

TEST(PrometheusTest, RenderingIsDeterministic) {
  EXPECT_EQ(render_prometheus(rich_sample(), kBuild), render_prometheus(rich_sample(), kBuild));
}

TEST(PrometheusTest, LostPacketsHaveASeriesForEveryVerdictButNone) {
  std::string text = render_prometheus(small_sample(), kBuild);
  const char* port = "port=\"vm1-eth0\",bridge=\"br0\",guest=\"vm1\",numa_node=\"0\"";
  for (const char* verdict : api::kVerdicts) {
    std::string series =
        std::string("nfv_port_lost_packets_total{") + port + ",verdict=\"" + verdict + "\"} ";
    bool none = std::string(verdict) == api::kVerdictNone;
    std::string value = std::string(verdict) == api::kVerdictGuestNotDraining ? "50" : "0";
    if (none) {
      EXPECT_EQ(text.find(series), std::string::npos) << verdict;
    } else {
      EXPECT_NE(text.find(series + value + "\n"), std::string::npos) << verdict;
    }
  }
}

TEST(PrometheusTest, ReasonsAndVerdictsOutsideTheirClosedListsAreNotExposed) {
  api::TelemetrySample sample = small_sample();
  sample.ports[0].drops["free text reason"] = 9;
  sample.ports[0].verdict = "somebody else";
  sample.guests[0].verdict = "unheard of";
  std::string text = render_prometheus(sample, kBuild);
  EXPECT_EQ(text.find("free text reason"), std::string::npos);
  EXPECT_EQ(text.find("somebody else"), std::string::npos);
  EXPECT_EQ(text.find("unheard of"), std::string::npos);
  EXPECT_NE(text.find("nfv_port_loss_ratio{port=\"vm1-eth0\",bridge=\"br0\",guest=\"vm1\","
                      "numa_node=\"0\",verdict=\"none\"} 0.025\n"),
            std::string::npos);
  EXPECT_NE(text.find("nfv_guest_loss_ratio{guest=\"vm1\",verdict=\"none\"} 0.025\n"),
            std::string::npos);
}

TEST(PrometheusTest, VfPortsCarryTheirOwnReasonsAndUnknownsAreLeftOut) {
  std::string text = render_prometheus(rich_sample(), kBuild);
  const char* vf =
      "port=\"0000:3b:00.0/vf2\",bridge=\"\",guest=\"ai \\\"trainer\\\"\\\\1\\nbis\","
      "numa_node=\"\"";
  EXPECT_NE(text.find(std::string("nfv_port_dropped_packets_total{") + vf +
                      ",reason=\"vf_rx_dropped\"} 4\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(std::string("nfv_port_dropped_packets_total{") + vf +
                      ",reason=\"vf_tx_dropped\"} 0\n"),
            std::string::npos);
  // Ring size only where known; vCPU wait only where known.
  EXPECT_EQ(text.find("nfv_port_rx_queue_size{port=\"uplink\",bridge=\"br0\",guest=\"\","
                      "numa_node=\"1\",queue=\"1\""),
            std::string::npos);
  EXPECT_NE(text.find("nfv_port_rx_queue_pending_packets{port=\"uplink\",bridge=\"br0\","
                      "guest=\"\",numa_node=\"1\",queue=\"1\",pmd=\"2\"} 512\n"),
            std::string::npos);
  EXPECT_EQ(text.find("nfv_guest_vcpu_wait_ratio{guest=\"vm2\"}"), std::string::npos);
}

TEST(PrometheusTest, ASwitchThatIsDownLeavesBuildInfoAndItsState) {
  api::TelemetrySample sample;
  sample.error = "switch not answering";
  EXPECT_EQ(render_prometheus(sample, kBuild),
            "# HELP nfv_build_info nfvd's version; always 1\n"
            "# TYPE nfv_build_info gauge\n"
            "nfv_build_info{version=\"1.2.3-test\"} 1\n"
            "# HELP nfv_switch_up 1 when nfvd could read the switch at the last sample, else 0\n"
            "# TYPE nfv_switch_up gauge\n"
            "nfv_switch_up 0\n"
            "# HELP nfv_telemetry_sample_interval_seconds length of the last sampling interval "
            "(0 for the first sample)\n"
            "# TYPE nfv_telemetry_sample_interval_seconds gauge\n"
            "nfv_telemetry_sample_interval_seconds 0\n");
}

class PromtoolMetricsTest : public testing::PromtoolTest {
 protected:
  testing::PromtoolRun check(const std::string& text) {
    return promtool({"check", "metrics"}, text);
  }
};

TEST_F(PromtoolMetricsTest, RichSamplePassesWithoutLintProblems) {
  std::string text = render_prometheus(rich_sample(), kBuild);
  testing::PromtoolRun run = check(text);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(lines_of(run.output).empty()) << run.output;
}

// The check above can fail: promtool names a counter without _total.
TEST_F(PromtoolMetricsTest, APoorlyNamedCounterIsReported) {
  testing::PromtoolRun run = check("# HELP nfv_bad a counter\n# TYPE nfv_bad counter\nnfv_bad 1\n");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("nfv_bad"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace nfv::telemetry
