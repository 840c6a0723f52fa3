#include "nfv/dataplane/telemetry.h"

#include <rte_telemetry.h>

#include <atomic>
#include <mutex>

namespace nfv::dp {
namespace {

// rte_telemetry callbacks carry no user pointer.
std::mutex g_mutex;
Switch* g_switch = nullptr;

int info(const char*, const char*, rte_tel_data* d) {
  std::lock_guard lock(g_mutex);
  if (g_switch == nullptr) return -1;
  auto i = g_switch->info();
  rte_tel_data_start_dict(d);
  rte_tel_data_add_dict_string(d, "version", i.version.c_str());
  rte_tel_data_add_dict_int(d, "pid", static_cast<int>(i.pid));
  rte_tel_data_add_dict_u64(d, "uptime_s", static_cast<uint64_t>(i.uptime_s));
  rte_tel_data_add_dict_u64(d, "pmds", i.pmds.size());
  return 0;
}

int ports(const char*, const char*, rte_tel_data* d) {
  std::lock_guard lock(g_mutex);
  if (g_switch == nullptr) return -1;
  rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
  for (const auto& port : g_switch->list_ports().ports) {
    rte_tel_data_add_array_string(d, port.name.c_str());
  }
  return 0;
}

int stats(const char*, const char* params, rte_tel_data* d) {
  std::lock_guard lock(g_mutex);
  if (g_switch == nullptr || params == nullptr || *params == '\0') return -1;
  auto result = g_switch->stats(api::StatsParams{params});
  if (!result || result->ports.empty()) return -1;
  const auto& s = result->ports.front();
  rte_tel_data_start_dict(d);
  rte_tel_data_add_dict_u64(d, "rx_packets", s.rx_packets);
  rte_tel_data_add_dict_u64(d, "rx_bytes", s.rx_bytes);
  rte_tel_data_add_dict_u64(d, "forwarded", s.forwarded);
  rte_tel_data_add_dict_u64(d, "rx_dropped", s.rx_dropped);
  rte_tel_data_add_dict_u64(d, "tx_packets", s.tx_packets);
  rte_tel_data_add_dict_u64(d, "tx_bytes", s.tx_bytes);
  rte_tel_data_add_dict_u64(d, "tx_dropped", s.tx_dropped);
  for (const auto& [reason, count] : s.drops) {
    rte_tel_data_add_dict_u64(d, ("drop_" + reason).c_str(), count);
  }
  return 0;
}

int pmds(const char*, const char*, rte_tel_data* d) {
  std::lock_guard lock(g_mutex);
  if (g_switch == nullptr) return -1;
  rte_tel_data_start_dict(d);
  for (const auto& pmd : g_switch->list_pmds().pmds) {
    std::string prefix = "pmd" + std::to_string(pmd.id) + "_";
    rte_tel_data_add_dict_u64(d, (prefix + "busy_cycles").c_str(), pmd.busy_cycles);
    rte_tel_data_add_dict_u64(d, (prefix + "idle_cycles").c_str(), pmd.idle_cycles);
    rte_tel_data_add_dict_u64(d, (prefix + "packets").c_str(), pmd.packets);
  }
  return 0;
}

}  // namespace

void register_telemetry(Switch* sw) {
  {
    std::lock_guard lock(g_mutex);
    g_switch = sw;
  }
  rte_telemetry_register_cmd("/nfv/info", info, "nfv-switch version and uptime");
  rte_telemetry_register_cmd("/nfv/ports", ports, "port names");
  rte_telemetry_register_cmd("/nfv/stats", stats, "counters of one port. Parameters: port name");
  rte_telemetry_register_cmd("/nfv/pmds", pmds, "PMD busy/idle cycles and packets");
}

void unregister_telemetry() {
  std::lock_guard lock(g_mutex);
  g_switch = nullptr;  // commands stay registered (DPDK has no unregister) but answer -1
}

}  // namespace nfv::dp
