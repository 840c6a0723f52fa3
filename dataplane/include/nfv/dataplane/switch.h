// The switch's control side: owns the PMDs, the ports, the bridges and the FDB service, and
// turns every change into a new snapshot for the fast path.
//
// Threads: API calls (the control socket), librte_vhost's callbacks and the switch's own
// housekeeping thread all go through one mutex that PMDs never take. Each change builds a
// new Snapshot and publishes it; changes that free something a PMD might still use (a port,
// a vid, a MAC table) wait for an RCU grace period first. Two rules keep this deadlock-free:
//  - vring-state callbacks run with librte_vhost's vring locks held, which a PMD may be
//    spinning on: they only flip atomics and wake the housekeeping thread;
//  - the mutex is never held while unregistering a vhost socket (librte_vhost may call
//    on_device_gone on the unregistering thread).
//
// Operations take validated specs (port_spec.h, bridge.h) or wire parameters that need no
// more than a lookup; the JSON-RPC handlers (switch_handlers.h) validate and call them.
#pragma once

#include <rte_rcu_qsbr.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"
#include "nfv/dataplane/bridge.h"
#include "nfv/dataplane/coarse_clock.h"
#include "nfv/dataplane/counter_source.h"
#include "nfv/dataplane/fdb_service.h"
#include "nfv/dataplane/mempools.h"
#include "nfv/dataplane/options.h"
#include "nfv/dataplane/port.h"
#include "nfv/dataplane/port_policy.h"
#include "nfv/dataplane/port_spec.h"
#include "nfv/dataplane/rxq_scheduler.h"
#include "nfv/dataplane/snapshot_publisher.h"
#include "nfv/fastpath/pmd.h"
#include "nfv/vhost/device_listener.h"

namespace nfv::dp {

class VhostPort;

class Switch : public vhost::DeviceListener {
 public:
  // Needs an initialised EAL whose lcores include every PMD core.
  static Result<std::unique_ptr<Switch>> create(const SwitchOptions& options,
                                                std::vector<std::string> eal_args);
  ~Switch() override;

  // Adds the ports, bridges and cross-connects given on the command line.
  Status apply_startup_config();

  PortDefaults port_defaults() const { return {options_.vhost_dir, options_.tx_retries}; }
  PortPolicy port_policy() const;
  BridgeDefaults bridge_defaults() const {
    return {options_.mac_table_size, options_.mac_ageing_s};
  }

  // ---- the control API ----
  api::SwitchInfo info();
  Result<api::PortInfo> add_port(const PortSpec& spec, bool exist_ok);
  Status del_port(const api::NameParams& params);
  api::PortList list_ports();
  Result<api::PortInfo> set_port(const api::PortSetParams& params);
  Result<api::PortInfo> set_vlan(const api::VlanSetParams& params);
  Result<api::BridgeInfo> add_bridge(const BridgeSpec& spec, bool exist_ok);
  Status del_bridge(const api::BridgeDelParams& params);
  api::BridgeList list_bridges();
  Result<api::MacList> list_macs(const api::MacListParams& params);
  Result<api::MacEntry> add_mac(const api::MacAddParams& params);
  Status del_mac(const api::MacDelParams& params);
  Result<api::CountResult> flush_macs(const api::MacFlushParams& params);
  api::PmdList list_pmds();
  api::RebalanceResult rebalance();
  Result<api::StatsResult> stats(const api::StatsParams& params);
  Status clear_stats(const api::StatsParams& params);
  Result<api::ClockResult> advance_clock(const api::ClockParams& params);

  // ---- vhost::DeviceListener (the cookie is the VhostPort) ----
  bool on_device_ready(uint64_t cookie, const vhost::DeviceInfo& info) override;
  void on_device_gone(uint64_t cookie, int vid) override;
  void on_vring_state(uint64_t cookie, int vid, uint16_t vring, bool enabled) override;
  void on_connection(uint64_t cookie, int vid, bool connected) override;

 private:
  Switch(const SwitchOptions& options, std::vector<std::string> eal_args);
  Status create_pmds();
  Status start();

  // Callers hold mutex_.
  Port* find_port(const std::string& name);
  Bridge* find_bridge(const std::string& name);
  Result<Port*> port_or_error(const std::string& name);
  Result<Bridge*> bridge_or_error(const std::string& name);
  std::string attached_name(const Port& port) const;  // bridge or peer name, "" if none
  api::PortInfo port_info(const Port& port) const;
  api::BridgeInfo bridge_info(const Bridge& bridge) const;
  Result<std::unique_ptr<Port>> open_port(const PortSpec& spec, uint16_t index);
  Status check_attachment(const Port& port, const std::string& bridge, const std::string& xconnect);
  void attach(Port& port, const std::string& bridge, const std::string& xconnect);
  void detach(Port& port);
  void flush_port_macs(uint16_t index);
  // port.set's mac_limit and mac_lock (either may be absent), on the port and in the writer.
  void set_learning(Port& port, std::optional<uint32_t> mac_limit, std::optional<bool> mac_lock);
  // MAC-table filter of an API request: "" matches every bridge or port.
  Result<FdbFilter> fdb_filter(const std::string& bridge, const std::string& port);
  api::MacEntry mac_entry(const FdbRecord& record) const;  // names for indexes (callers lock)
  CounterSource counters() const { return CounterSource(pmds_, *fdb_); }

  // Snapshots and queue placement (callers hold mutex_).
  std::unique_ptr<Snapshot> build() const;
  void publish();           // no waiting
  void publish_and_wait();  // no PMD sees the previous snapshot afterwards
  void place_queues(bool rebalance);
  std::vector<RxqDemand> rxq_demands() const;
  std::vector<PmdPlace> pmd_places() const;
  void restart_rxq_cycles(const Port& port);

  void housekeeping_loop();
  void request_refresh();

  SwitchOptions options_;
  std::vector<std::string> eal_args_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();

  rte_rcu_qsbr* qsbr_ = nullptr;
  CoarseClock clock_;
  std::unique_ptr<SnapshotPublisher> publisher_;
  std::unique_ptr<Mempools> mempools_;
  std::vector<std::unique_ptr<Pmd>> pmds_;
  std::unique_ptr<FdbService> fdb_;

  mutable std::mutex mutex_;
  std::array<std::unique_ptr<Port>, kMaxPorts> ports_{};
  std::array<std::unique_ptr<Bridge>, kMaxBridges> bridges_{};
  Assignment assignment_;
  std::vector<std::vector<uint64_t>> rxq_cycles_at_rebalance_;  // [port][queue]
  uint64_t generation_ = 0;

  std::thread housekeeping_;
  std::mutex refresh_mutex_;
  std::condition_variable refresh_wake_;
  bool refresh_requested_ = false;
  bool stopping_ = false;
};

}  // namespace nfv::dp
