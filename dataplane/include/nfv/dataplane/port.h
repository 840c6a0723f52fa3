// A switch port as the control side keeps it: its validated spec, what the API may change
// (admin state, attachment, VLANs, retries, MAC limit and lock), the baselines "clear" moves, and
// its part of the snapshot. VhostPort and DpdkPort add their device. Guarded by the switch's mutex.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "nfv/api/switch_api.h"
#include "nfv/dataplane/counter_source.h"
#include "nfv/dataplane/ethdev_port.h"
#include "nfv/dataplane/port_rates.h"
#include "nfv/dataplane/port_spec.h"
#include "nfv/dataplane/snapshot_builder.h"
#include "nfv/fastpath/limits.h"
#include "nfv/fastpath/snapshot.h"

namespace nfv::dp {

// Reader-side baselines: counter slots are reused by later ports, and "clear" moves these
// instead of writing PMD memory.
struct PortBaseline {
  PortCounters counters;
  DeviceDrops device;
  uint64_t learned = 0;
  uint64_t moved = 0;
  uint64_t table_full = 0;
  uint64_t limit_refused = 0;
  uint64_t lock_refused = 0;
  std::array<uint64_t, kMaxQueuesPerPort> rxq_packets{};
};

class Port {
 public:
  Port(PortSpec spec, uint16_t index);
  virtual ~Port() = default;
  Port(const Port&) = delete;
  Port& operator=(const Port&) = delete;

  const std::string& name() const { return spec_.name; }
  uint16_t index() const { return index_; }
  const PortSpec& spec() const { return spec_; }
  PortType type() const { return spec_.type; }
  uint16_t queues() const { return spec_.queues; }
  bool deleting() const { return deleting_; }
  void mark_deleting() { deleting_ = true; }

  // What the API may change.
  bool admin_up() const { return admin_up_; }
  void set_admin_up(bool up) { admin_up_ = up; }
  void set_tx_retries(uint16_t retries) { tx_retries_ = retries; }
  const VlanSettings& vlan() const { return vlan_; }
  void set_vlan(const VlanSettings& vlan) { vlan_ = vlan; }
  const api::RateConfig& rates() const { return rates_; }
  void set_rates(const api::RateConfig& rates) { rates_ = rates; }
  // What the MAC table's writer applies to MACs learned on the port (it keeps its own copy).
  const PortLearnPolicy& learning() const { return learning_; }
  void set_learning(const PortLearnPolicy& learning) { learning_ = learning; }
  const std::optional<PortSecurity>& security() const { return security_; }
  void set_security(const std::optional<PortSecurity>& security) { security_ = security; }
  Attachment attachment() const { return attachment_; }
  uint16_t bridge() const { return bridge_; }
  uint16_t peer() const { return peer_; }
  bool in_bridge(uint16_t bridge) const {
    return attachment_ == Attachment::kBridge && bridge_ == bridge;
  }
  void attach_to_bridge(uint16_t bridge);
  void attach_to_peer(uint16_t peer);
  void detach();

  // Counters: "clear" and a new port take a baseline; stats are what came since.
  void take_baseline(const CounterSource& counters);
  const PortBaseline& baseline() const { return baseline_; }
  // Every stats.get figure but the per-queue PMD assignment.
  api::PortStats stats(const CounterSource& counters) const;

  // The port's part of the next snapshot.
  PortModel model() const;
  // port.list's view; `bridge` and `peer` are the names of what it is attached to.
  api::PortInfo info(const std::string& bridge, const std::string& peer) const;

  virtual int numa() const = 0;
  virtual DeviceDrops device_drops() const { return {}; }
  // Read by stats (control thread, under the switch's mutex); zeros for a device not running.
  virtual RxQueueDepth rx_queue_depth(uint16_t /*queue*/) const { return {}; }
  // Housekeeping, about once a second: true when the link changed.
  virtual bool poll_link() { return false; }

 protected:
  virtual void fill_model(PortModel& model) const = 0;
  virtual void fill_info(api::PortInfo& info) const = 0;

 private:
  PortSpec spec_;
  uint16_t index_;
  bool deleting_ = false;  // out of every snapshot; its device is being closed
  bool admin_up_ = true;
  uint16_t tx_retries_;
  VlanSettings vlan_;
  PortLearnPolicy learning_;
  Attachment attachment_ = Attachment::kNone;
  uint16_t bridge_ = 0;
  uint16_t peer_ = kNoPort;
  api::RateConfig rates_;
  std::unique_ptr<PortRateStates> rate_states_ = std::make_unique<PortRateStates>();
  PortBaseline baseline_;
  std::optional<PortSecurity> security_;  // port security on: its anti-spoofing rules
};

}  // namespace nfv::dp
