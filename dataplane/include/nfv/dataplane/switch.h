// The switch's control-side model and every operation of the control API.
//
// Threads: API calls (the control socket), librte_vhost's callbacks and the switch's own
// housekeeping thread all go through one mutex that PMDs never take. Each change builds a
// new Snapshot and publishes it; changes that free something a PMD might still use (a port,
// a vid, a MAC table) wait for an RCU grace period first. Two rules keep this deadlock-free:
//  - vring-state callbacks run with librte_vhost's vring locks held, which a PMD may be
//    spinning on: they only flip atomics and wake the housekeeping thread;
//  - the mutex is never held while unregistering a vhost socket (librte_vhost may call
//    on_device_gone on the unregistering thread).
#pragma once

#include <rte_rcu_qsbr.h>

#include <array>
#include <atomic>
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
#include "nfv/dataplane/coarse_clock.h"
#include "nfv/dataplane/counters.h"
#include "nfv/dataplane/ethdev_port.h"
#include "nfv/dataplane/fdb_service.h"
#include "nfv/dataplane/mempools.h"
#include "nfv/dataplane/options.h"
#include "nfv/dataplane/pmd.h"
#include "nfv/dataplane/rxq_scheduler.h"
#include "nfv/dataplane/snapshot_builder.h"
#include "nfv/dataplane/snapshot_publisher.h"
#include "nfv/dataplane/vlan_settings.h"
#include "nfv/vhost/device_listener.h"
#include "nfv/vhost/vhost_socket.h"

namespace nfv::dp {

class Switch : public vhost::DeviceListener {
 public:
  // Needs an initialised EAL whose lcores include every PMD core.
  static Result<std::unique_ptr<Switch>> create(const SwitchOptions& options,
                                                std::vector<std::string> eal_args);
  ~Switch() override;

  // Adds the ports, bridges and cross-connects given on the command line.
  Status apply_startup_config();

  // ---- the control API (each method is one JSON-RPC method) ----
  api::SwitchInfo info();
  Result<api::PortInfo> add_port(const api::PortAddParams& params);
  Status del_port(const api::NameParams& params);
  api::PortList list_ports();
  Result<api::PortInfo> set_port(const api::PortSetParams& params);
  Result<api::PortInfo> set_vlan(const api::VlanSetParams& params);
  Result<api::BridgeInfo> add_bridge(const api::BridgeAddParams& params);
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

  // ---- vhost::DeviceListener ----
  bool on_device_ready(uint64_t cookie, const vhost::DeviceInfo& info) override;
  void on_device_gone(uint64_t cookie, int vid) override;
  void on_vring_state(uint64_t cookie, int vid, uint16_t vring, bool enabled) override;
  void on_connection(uint64_t cookie, int vid, bool connected) override;

 private:
  struct VhostState;
  struct Port;
  struct Bridge;

  Switch(const SwitchOptions& options, std::vector<std::string> eal_args);
  Status start();

  // Callers hold mutex_.
  Port* find_port(const std::string& name);
  Bridge* find_bridge(const std::string& name);
  Result<Port*> port_or_error(const std::string& name);
  Result<Bridge*> bridge_or_error(const std::string& name);
  // MAC-table filter of an API request: "" matches every bridge or port.
  Result<FdbFilter> fdb_filter(const std::string& bridge, const std::string& port);
  std::unique_ptr<Snapshot> build() const;
  void publish();           // no waiting
  void publish_and_wait();  // no PMD sees the previous snapshot afterwards
  void place_queues(bool rebalance);
  std::vector<RxqDemand> rxq_demands(bool with_cycles) const;
  api::PortInfo port_info(const Port& port) const;
  api::BridgeInfo bridge_info(const Bridge& bridge) const;
  PortCounters raw_counters(uint16_t index) const;
  Status attach(Port& port, const std::string& bridge, const std::string& xconnect);
  void detach(Port& port);
  void flush_port_macs(uint16_t index);

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
