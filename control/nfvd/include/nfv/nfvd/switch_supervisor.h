// nfvd keeps nfv-switch running: at start it adopts a switch that answers on the control
// socket (no restart, no loss) or starts one for the desired config's switch: section; it
// watches the process through a pidfd on the control server's thread, and when the switch
// dies (kill -9 included) restarts it and replays the desired state through Service::apply.
// A crash loop is cut off by the restart policy and said in nfvd.status. When nfvd stops, the
// switch keeps running (traffic must not depend on the daemon that programs it); the next
// nfvd adopts it. --stop-switch-on-exit stops a switch nfvd started.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "nfv/api/nfvd_api.h"
#include "nfv/common/result.h"
#include "nfv/config/config.h"
#include "nfv/nfvd/restart_policy.h"
#include "nfv/nfvd/service.h"
#include "nfv/nfvd/watched_process.h"
#include "nfv/rpc/server.h"

namespace nfv::nfvd {

struct SupervisorOptions {
  std::string binary = "nfv-switch";  // --switch-binary
  std::string control_socket;         // --switch-socket
  std::string log_path;               // output of a started switch
  std::string sysfs_root = "/sys";    // for the planner's PMD CPUs
  bool stop_on_exit = false;          // stop a switch nfvd started when nfvd stops
  RestartPolicy policy;
  std::chrono::milliseconds start_timeout = std::chrono::seconds(30);
};

// The desired state: the config last applied (kept in the state dir), else --config (a
// path), else none yet.
std::optional<api::NfvdConfigParams> desired_config_params(const PersistentState& persistent,
                                                           const std::string& config_path);

class SwitchSupervisor {
 public:
  SwitchSupervisor(SupervisorOptions options, Service& service, rpc::Server& server);
  ~SwitchSupervisor();
  SwitchSupervisor(const SwitchSupervisor&) = delete;
  SwitchSupervisor& operator=(const SwitchSupervisor&) = delete;

  // Before the desired state is applied at start: adopt, or start for `desired`'s switch.
  Status start(std::optional<api::NfvdConfigParams> desired);
  // At nfvd's stop: leaves the switch running, unless stop_on_exit and nfvd started it.
  void shutdown();

 private:
  Status adopt_running();  // an error: none answers
  Status launch();         // starts the switch and waits for its control socket
  Status wait_for_socket();
  void watch();
  void on_end();
  void after_end(const std::string& cause);
  void restart();
  void replay();
  void publish();
  // The config last applied, else the one given at start.
  std::optional<api::NfvdConfigParams> desired() const;
  Result<config::ApplianceConfig> desired_config() const;

  SupervisorOptions options_;
  Service& service_;
  rpc::Server& server_;
  std::optional<api::NfvdConfigParams> desired_;
  std::optional<WatchedProcess> process_;
  std::vector<SteadyTime> restarts_;
  api::NfvdSwitchProcess report_;
};

}  // namespace nfv::nfvd
