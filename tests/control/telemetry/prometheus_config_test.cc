// config/prometheus: promtool accepts the scrape config and the alert rules, the rules' own
// unit tests pass, and the alerts and the Grafana dashboard name only metrics nfvd serves.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "nfv/telemetry/prometheus.h"
#include "promql_names.h"
#include "promtool.h"
#include "samples.h"

namespace nfv::telemetry {
namespace {

using testing::promql_metric_names;

const std::string kConfigDir = NFV_PROMETHEUS_CONFIG_DIR;

// The families render_prometheus emits for a sample that has every kind of series.
std::set<std::string> served_metrics() {
  std::set<std::string> names;
  std::string text = render_prometheus(testing::rich_sample(), BuildInfo{"test"});
  for (const std::string& line : testing::output_lines(text)) {
    if (!line.starts_with("# TYPE ")) continue;
    std::string rest = line.substr(7);
    names.insert(rest.substr(0, rest.find(' ')));
  }
  return names;
}

// Names an expression reads that nfvd does not serve; Prometheus's own `up` is allowed.
std::set<std::string> unknown_metrics(const std::string& expr) {
  static const std::set<std::string> served = served_metrics();
  std::set<std::string> unknown;
  for (const std::string& name : promql_metric_names(expr)) {
    if (!served.contains(name) && name != "up") unknown.insert(name);
  }
  return unknown;
}

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

TEST(PromqlNamesTest, FindsMetricsAndNothingElse) {
  EXPECT_EQ(promql_metric_names("sum by (port, reason) (rate(nfv_port_dropped_packets_total"
                                "{port=~\"$port\",reason!=\"x_total\"}[$__rate_interval])) > 0"),
            (std::set<std::string>{"nfv_port_dropped_packets_total"}));
  EXPECT_EQ(promql_metric_names("(nfv_port_link_up == 0) unless on (guest) (nfv_guest_up == 0)"),
            (std::set<std::string>{"nfv_port_link_up", "nfv_guest_up"}));
  EXPECT_EQ(promql_metric_names("8 * rate(nfv_port_rx_bytes_total[5m]) > 1e-05"),
            (std::set<std::string>{"nfv_port_rx_bytes_total"}));
}

TEST(PromqlNamesTest, AMetricNfvdDoesNotServeIsReported) {
  EXPECT_EQ(unknown_metrics("rate(nfv_port_rx_packet_total[1m]) / nfv_pmd_busy_ratio"),
            (std::set<std::string>{"nfv_port_rx_packet_total"}));
  EXPECT_EQ(unknown_metrics("nfv_port_rx_pps"), (std::set<std::string>{"nfv_port_rx_pps"}));
  EXPECT_TRUE(unknown_metrics("up{job=\"nfvd\"} == 0").empty());
}

using PromtoolConfigTest = testing::PromtoolTest;

TEST_F(PromtoolConfigTest, ScrapeConfigIsValid) {
  testing::PromtoolRun run = promtool({"check", "config", kConfigDir + "/prometheus.yml"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("1 rule files found"), std::string::npos) << run.output;
}

TEST_F(PromtoolConfigTest, AlertRulesAreValid) {
  testing::PromtoolRun run = promtool({"check", "rules", kConfigDir + "/alerts.yml"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("SUCCESS"), std::string::npos) << run.output;
}

TEST_F(PromtoolConfigTest, AlertRuleUnitTestsPass) {
  testing::PromtoolRun run = promtool({"test", "rules", kConfigDir + "/alerts_test.yml"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("SUCCESS"), std::string::npos) << run.output;
}

TEST(PrometheusConfigTest, AlertsNameOnlyServedMetrics) {
  YAML::Node rules = YAML::LoadFile(kConfigDir + "/alerts.yml");
  std::set<std::string> alerts;
  for (const YAML::Node& group : rules["groups"]) {
    for (const YAML::Node& rule : group["rules"]) {
      std::string expr = rule["expr"].as<std::string>();
      std::string alert = rule["alert"].as<std::string>();
      alerts.insert(alert);
      EXPECT_FALSE(promql_metric_names(expr).empty()) << alert << ": " << expr;
      EXPECT_EQ(joined(unknown_metrics(expr)), "") << alert << ": " << expr;
    }
  }
  EXPECT_EQ(alerts,
            (std::set<std::string>{"NfvPortPacketLoss", "NfvGuestPacketLoss", "NfvPmdBusy",
                                   "NfvPortDown", "NfvGuestDown", "NfvSwitchDown", "NfvdDown"}));
}

TEST(PrometheusConfigTest, DashboardPanelsQueryOnlyServedMetrics) {
  std::ifstream file(kConfigDir + "/grafana-dashboard.json");
  ASSERT_TRUE(file) << "config/prometheus/grafana-dashboard.json missing";
  nlohmann::json dashboard = nlohmann::json::parse(file);  // throws (fails) when malformed
  ASSERT_TRUE(dashboard.contains("title"));
  ASSERT_TRUE(dashboard["panels"].is_array());
  ASSERT_FALSE(dashboard["panels"].empty());
  std::set<std::string> queried;
  for (const nlohmann::json& panel : dashboard["panels"]) {
    std::string title = panel.value("title", "");
    EXPECT_FALSE(title.empty()) << panel.dump();
    ASSERT_TRUE(panel.contains("targets") && panel["targets"].is_array()) << title;
    EXPECT_FALSE(panel["targets"].empty()) << title << " has no targets";
    for (const nlohmann::json& target : panel["targets"]) {
      std::string expr = target.value("expr", "");
      std::set<std::string> names = promql_metric_names(expr);
      EXPECT_FALSE(names.empty()) << title << ": " << expr;
      EXPECT_EQ(joined(unknown_metrics(expr)), "") << title << ": " << expr;
      queried.insert(names.begin(), names.end());
    }
  }
  for (const nlohmann::json& variable : dashboard["templating"]["list"]) {
    if (variable["type"] != "query") continue;
    std::string query = variable["definition"].get<std::string>();
    std::string inner = query.substr(query.find('(') + 1);
    EXPECT_EQ(joined(unknown_metrics(inner.substr(0, inner.find(',')))), "") << query;
  }
  // The panels the dashboard promises: rates, loss by verdict, drops by reason, PMD, MACs,
  // guests.
  for (const char* name :
       {"nfv_port_rx_packets_total", "nfv_port_tx_packets_total", "nfv_port_loss_ratio",
        "nfv_port_dropped_packets_total", "nfv_pmd_busy_ratio", "nfv_bridge_mac_entries",
        "nfv_guest_loss_ratio"}) {
    EXPECT_TRUE(queried.contains(name)) << "no panel shows " << name;
  }
}

}  // namespace
}  // namespace nfv::telemetry
