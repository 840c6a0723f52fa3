// A model of nfv-switch's objects at the control-API level, for reconcile and rollback tests:
// it takes the same wire calls the switch executor sends and follows the switch's rules for
// them (a port joins only an existing bridge, bridge.del refuses members unless forced,
// deleting a port or changing its bridge or VLANs flushes its static MACs, cross-connects pair
// both ports). Its state is in the normal form observe() gives.
#pragma once

#include <optional>
#include <string>

#include "nfv/common/result.h"
#include "nfv/reconcile/apply.h"
#include "nfv/reconcile/state.h"
#include "nfv/reconcile/wire_calls.h"

namespace nfv::reconcile::testing {

inline constexpr uint32_t kModelMacTableSize = 8192;
inline constexpr uint32_t kModelAgeingS = 300;
inline constexpr uint32_t kModelTxRetries = 4;
inline constexpr const char* kModelVhostDir = "/run/nfv";

class SwitchModel {
 public:
  explicit SwitchModel(SwitchState state = {}) : state_(std::move(state)) {}

  Status call(const WireCall& call);
  const SwitchState& state() const { return state_; }

 private:
  Status add_bridge(const api::json& params);
  Status del_bridge(const api::json& params);
  Status add_port(const api::json& params);
  Status del_port(const api::json& params);
  Status set_port(const api::json& params);
  Status set_vlan(const api::json& params);
  Status add_mac(const api::json& params);
  Status del_mac(const api::json& params);
  Status check_attachment(const std::string& port, const std::string& bridge,
                          const std::string& xconnect) const;
  void detach(const std::string& port);
  void attach(const std::string& port, const std::string& bridge, const std::string& xconnect);
  void flush_port_macs(const std::string& port);

  SwitchState state_;
};

// The executor over a model; on demand, fails the run of the step at an index (counting runs)
// or the undo of the step of a name.
class ModelExecutor final : public Executor {
 public:
  explicit ModelExecutor(SwitchModel& model) : model_(model) {}
  void fail_run_of(size_t index) { fail_run_ = index; }
  void fail_undo_of(std::string name) { fail_undo_ = std::move(name); }

  Status run(const Step& step) override;
  Status undo(const Step& step) override;

 private:
  SwitchModel& model_;
  std::optional<size_t> fail_run_;
  std::optional<std::string> fail_undo_;  // a step's name
  size_t runs_ = 0;
};

// The whole state in wire form, for equality checks that print a readable difference.
std::string dump(const SwitchState& state);

}  // namespace nfv::reconcile::testing
