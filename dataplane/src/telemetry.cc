#include "nfv/dataplane/telemetry.h"

#include <rte_telemetry.h>

#include <cerrno>
#include <mutex>
#include <vector>

#include "nfv/common/log.h"
#include "nfv/dataplane/telemetry_tree.h"

namespace nfv::dp {
namespace {

static_assert(kTelMaxDictEntries == RTE_TEL_MAX_DICT_ENTRIES);
static_assert(kTelMaxStringLen == RTE_TEL_MAX_STRING_LEN);

// rte_telemetry callbacks carry no user pointer.
std::mutex g_mutex;
Switch* g_switch = nullptr;

// Hands `tree` to rte_telemetry. Nested dicts are containers the library frees after sending
// (keep = 0) but only on success: on any failure every container allocated here is freed and
// the command answers an error (dpdk-telemetry.py prints null), never half a reply.
class Emitter {
 public:
  ~Emitter() {
    if (failed_) {
      for (rte_tel_data* c : containers_) rte_tel_data_free(c);
    }
  }
  int emit(rte_tel_data* d, const TelDict& tree) {
    int rc = fill(d, tree);
    failed_ = rc != 0;
    return rc;
  }

 private:
  int fill(rte_tel_data* d, const TelDict& tree) {
    if (rte_tel_data_start_dict(d) != 0) return -EINVAL;
    for (const TelDict::Entry& e : tree.entries) {
      int rc = add(d, e);
      if (rc != 0) return rc < 0 ? rc : -rc;  // E2BIG (truncation) is positive
    }
    return 0;
  }
  int add(rte_tel_data* d, const TelDict::Entry& e) {
    const char* name = e.name.c_str();
    switch (e.kind) {
      case TelDict::Entry::Kind::kU64:
        return rte_tel_data_add_dict_u64(d, name, e.u64);
      case TelDict::Entry::Kind::kInt:
        return rte_tel_data_add_dict_int(d, name, static_cast<int>(e.i64));
      case TelDict::Entry::Kind::kString:
        return rte_tel_data_add_dict_string(d, name, e.text.c_str());
      case TelDict::Entry::Kind::kDict: {
        rte_tel_data* inner = rte_tel_data_alloc();
        if (inner == nullptr) return -ENOMEM;
        containers_.push_back(inner);
        int rc = fill(inner, *e.dict);
        return rc != 0 ? rc : rte_tel_data_add_dict_container(d, name, inner, 0);
      }
    }
    return -EINVAL;
  }

  std::vector<rte_tel_data*> containers_;
  bool failed_ = false;
};

// Checks the tree against rte_telemetry's limits first: a reply that does not fit is an
// error the switch logs (once per command call), never a crash or a cut reply.
int reply(const char* cmd, const TelDict& tree, rte_tel_data* d) {
  if (Status fits = fits_telemetry(tree); !fits) {
    log::warning("{}: {}", cmd, fits.error().message);
    return -ENOSPC;
  }
  return Emitter().emit(d, tree);
}

int info(const char*, const char*, rte_tel_data* d) {
  std::lock_guard lock(g_mutex);
  if (g_switch == nullptr) return -ENODEV;
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
  if (g_switch == nullptr) return -ENODEV;
  rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
  for (const auto& port : g_switch->list_ports().ports) {
    if (rte_tel_data_add_array_string(d, port.name.c_str()) != 0) return -ENOSPC;
  }
  return 0;
}

int stats(const char* cmd, const char* params, rte_tel_data* d) {
  std::lock_guard lock(g_mutex);
  if (g_switch == nullptr) return -ENODEV;
  if (params == nullptr || *params == '\0') return -EINVAL;  // one port, by name
  auto result = g_switch->stats(api::StatsParams{params});
  if (!result || result->ports.size() != 1) return -EINVAL;  // no such port
  return reply(cmd, port_tree(result->ports.front()), d);
}

int pmds(const char* cmd, const char*, rte_tel_data* d) {
  std::lock_guard lock(g_mutex);
  if (g_switch == nullptr) return -ENODEV;
  return reply(cmd, pmds_tree(g_switch->list_pmds()), d);
}

int bridges(const char* cmd, const char*, rte_tel_data* d) {
  std::lock_guard lock(g_mutex);
  if (g_switch == nullptr) return -ENODEV;
  return reply(cmd, bridges_tree(g_switch->list_bridges()), d);
}

}  // namespace

void register_telemetry(Switch* sw) {
  {
    std::lock_guard lock(g_mutex);
    g_switch = sw;
  }
  rte_telemetry_register_cmd("/nfv/info", info, "nfv-switch version and uptime");
  rte_telemetry_register_cmd("/nfv/ports", ports, "port names");
  rte_telemetry_register_cmd(
      "/nfv/stats", stats,
      "counters of one port, as stats.get: drops by reason, rx_queues. Parameters: port name");
  rte_telemetry_register_cmd("/nfv/pmds", pmds,
                             "per PMD: cpu, numa, busy/idle cycles, packets, iterations");
  rte_telemetry_register_cmd("/nfv/bridges", bridges,
                             "per bridge: MACs learned, MAC table size, MAC limit");
}

void unregister_telemetry() {
  std::lock_guard lock(g_mutex);
  g_switch = nullptr;  // commands stay registered (DPDK has no unregister) but answer errors
}

}  // namespace nfv::dp
