// nfvd's methods, behind the JSON-RPC dispatcher: status, check, diff and apply of a config
// against an already running nfv-switch. Requests are served one at a time (the control
// server is single-threaded), so an apply never overlaps another.
#pragma once

#include <string>

#include "nfv/api/nfvd_api.h"
#include "nfv/api/switch_client.h"
#include "nfv/common/result.h"
#include "nfv/config/config.h"
#include "nfv/nfvd/state_store.h"
#include "nfv/reconcile/reconcile.h"

namespace nfv::nfvd {

struct ServiceOptions {
  std::string state_dir = "/var/lib/nfvd";
  std::string switch_socket;
};

// A config made ready to reconcile: parsed, validated, mapped onto the switch's objects.
struct DesiredConfig {
  config::ApplianceConfig config;
  std::string text;
  reconcile::SwitchState state;
};

// What applying a config would do, and the switch connection to do it over.
struct PlannedChange {
  api::SwitchClient client;
  DesiredConfig desired;
  reconcile::Plan plan;
};

class Service {
 public:
  // Reads the state directory; an unreadable state file is an error (nothing is guessed).
  static Result<Service> open(ServiceOptions options);

  api::NfvdStatus status();
  api::NfvdCheckResult check(const api::NfvdConfigParams& params);
  Result<api::NfvdPlanResult> diff(const api::NfvdConfigParams& params);
  Result<api::NfvdApplyResult> apply(const api::NfvdConfigParams& params);

  // The config of the last apply, as applied: what nfvd re-applies when it starts.
  const PersistentState& persistent() const { return persistent_; }
  // The supervised switch process, as nfvd.status reports it (set by the supervisor).
  void set_switch_process(api::NfvdSwitchProcess process) { switch_process_ = std::move(process); }

 private:
  explicit Service(ServiceOptions options) : options_(std::move(options)) {}

  Result<api::SwitchClient> connect_switch() const;
  // Parses, validates and maps; with a switch client, a relative socket may use its vhost dir.
  Result<DesiredConfig> prepare(const api::NfvdConfigParams& params, api::SwitchClient* client);
  // Connects to the switch, prepares the config and reconciles it with what the switch has.
  Result<PlannedChange> plan_change(const api::NfvdConfigParams& params);
  Status record_apply(const api::NfvdConfigParams& params, const DesiredConfig* applied,
                      const std::string& result);

  ServiceOptions options_;
  PersistentState persistent_;
  api::NfvdSwitchProcess switch_process_;
};

// The YAML of `params`: the text given, or the file read.
Result<std::string> config_text(const api::NfvdConfigParams& params);

}  // namespace nfv::nfvd
