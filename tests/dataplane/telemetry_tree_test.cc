// The DPDK telemetry replies as trees: the same names and values as the wire structs of
// stats.get, pmd.list and bridge.list, and rte_telemetry's limits checked before DPDK sees them.
#include "nfv/dataplane/telemetry_tree.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "nfv/api/fields.h"

namespace nfv::dp {
namespace {

// The tree as JSON, as dpdk-telemetry.py prints it.
nlohmann::json json_of(const TelDict& tree) {
  nlohmann::json out = nlohmann::json::object();
  for (const TelDict::Entry& e : tree.entries) {
    switch (e.kind) {
      case TelDict::Entry::Kind::kU64:
        out[e.name] = e.u64;
        break;
      case TelDict::Entry::Kind::kInt:
        out[e.name] = e.i64;
        break;
      case TelDict::Entry::Kind::kString:
        out[e.name] = e.text;
        break;
      case TelDict::Entry::Kind::kDict:
        out[e.name] = json_of(*e.dict);
        break;
    }
  }
  return out;
}

api::PortStats sample_port() {
  api::PortStats s;
  s.name = "vm-1.a";
  uint64_t n = 1;
  for (uint64_t* c :
       {&s.rx_packets, &s.rx_bytes, &s.forwarded, &s.flooded, &s.rx_dropped, &s.tx_attempts,
        &s.tx_packets, &s.tx_bytes, &s.tx_dropped, &s.tx_retries, &s.mac_learned, &s.mac_moved,
        &s.mac_table_full, &s.mac_limit_refused, &s.mac_lock_refused}) {
    *c = 1000 + n++;  // every counter different
  }
  s.drops = {{"tx_queue_full", 7}, {"port_down_rx", 0}};
  s.rx_queues = {{0, 1, 500, 12, 256}, {1, 0, 501, 3, 1024}};
  return s;
}

TEST(TelemetryTree, PortCarriesEveryStatsGetFieldUnderItsName) {
  api::PortStats s = sample_port();
  nlohmann::json wire = api::to_wire(s);
  nlohmann::json tree = json_of(port_tree(s));
  // rx_queues: a dict keyed by queue number (rte_telemetry puts no dicts in arrays).
  nlohmann::json queues = nlohmann::json::object();
  for (const auto& q : wire["rx_queues"]) queues[std::to_string(q["queue"].get<int>())] = q;
  wire["rx_queues"] = queues;
  EXPECT_EQ(tree, wire);
  EXPECT_TRUE(fits_telemetry(port_tree(s)));
}

TEST(TelemetryTree, PmdsKeyedByIdWithPmdListNames) {
  api::PmdList list;
  api::PmdInfo pmd;
  pmd.id = 3;
  pmd.cpu = 5;
  pmd.numa = -1;
  pmd.iterations = 10;
  pmd.busy_cycles = 20;
  pmd.idle_cycles = 30;
  pmd.packets = 40;
  list.pmds.push_back(pmd);
  nlohmann::json tree = json_of(pmds_tree(list));
  nlohmann::json wire = api::to_wire(pmd);
  ASSERT_TRUE(tree.contains("pmd3")) << tree.dump();
  for (const char* name :
       {"id", "cpu", "numa", "busy_cycles", "idle_cycles", "packets", "iterations"}) {
    EXPECT_EQ(tree["pmd3"][name], wire[name]) << name;
  }
  EXPECT_EQ(tree["pmd3"].size(), 7u);
}

TEST(TelemetryTree, BridgesKeyedByNameMadeAKeyWithTheExactNameInside) {
  api::BridgeList list;
  list.bridges.push_back({"br-0", {}, 1024, 300, 7, 100});
  list.bridges.push_back({"br_0", {}, 2048, 300, 0, 0});
  nlohmann::json tree = json_of(bridges_tree(list));
  EXPECT_EQ(tree["br_0"]["name"], "br-0");
  EXPECT_EQ(tree["br_0"]["macs"], 7u);
  EXPECT_EQ(tree["br_0"]["mac_table_size"], 1024u);
  EXPECT_EQ(tree["br_0"]["mac_limit"], 100u);
  EXPECT_EQ(tree["br_0_2"]["name"], "br_0");  // a clash gets a suffix, never a lost bridge
  EXPECT_TRUE(fits_telemetry(bridges_tree(list)));
}

TEST(TelemetryTree, WhatRteTelemetryCannotCarryIsRefused) {
  TelDict full;
  for (size_t i = 0; i < kTelMaxDictEntries; ++i) full.add_u64(fmt::format("k{}", i), i);
  EXPECT_TRUE(fits_telemetry(full));
  full.add_u64("one_more", 1);
  auto too_many = fits_telemetry(full);
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().message.find("257 entries"), std::string::npos)
      << too_many.error().message;

  TelDict bad_key;
  bad_key.add_u64("port-1", 1);
  EXPECT_FALSE(fits_telemetry(bad_key));
  TelDict long_value;
  long_value.add_string("name", std::string(kTelMaxStringLen, 'x'));
  EXPECT_FALSE(fits_telemetry(long_value));

  TelDict deep;
  deep.add_dict("a").add_dict("b").add_dict("c").add_u64("x", 1);
  EXPECT_FALSE(fits_telemetry(deep));

  TelDict large;  // within every per-dict limit, but more JSON than one reply carries
  for (int d = 0; d < 100; ++d) {
    TelDict& inner = large.add_dict(fmt::format("d{}", d));
    for (int i = 0; i < 20; ++i) inner.add_u64(fmt::format("counter_{}", i), UINT64_MAX);
  }
  EXPECT_FALSE(fits_telemetry(large));
}

TEST(TelemetryTree, KeysKeepOnlyWhatRteTelemetryAccepts) {
  EXPECT_EQ(telemetry_key("vm1.eth-0:a"), "vm1_eth_0_a");
  EXPECT_EQ(telemetry_key("br_0/x"), "br_0/x");
}

}  // namespace
}  // namespace nfv::dp
