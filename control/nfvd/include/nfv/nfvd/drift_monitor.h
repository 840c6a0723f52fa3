// nfvd watches for drift: every interval, on the control server's thread (rpc::Server::run_at;
// never during an apply, as requests and timers take turns), it reconciles the desired state
// against the host (Service::check_drift), keeps the result for nfvd.drift and nfvd.status, and
// logs what changed since the previous check: each new drift item once, a host it cannot read,
// and the return to sync. Nothing desired yet: nothing is checked. After an apply it checks
// again as soon as the apply's request is answered.
#pragma once

#include <chrono>

#include "nfv/api/nfvd_api.h"
#include "nfv/nfvd/service.h"
#include "nfv/rpc/server.h"

namespace nfv::nfvd {

class DriftMonitor {
 public:
  // interval 0: no periodic check (nfvd.drift then checks when asked).
  DriftMonitor(Service& service, rpc::Server& server, std::chrono::milliseconds interval);
  DriftMonitor(const DriftMonitor&) = delete;
  DriftMonitor& operator=(const DriftMonitor&) = delete;

  // The first check at once, then one every interval; hooks the re-check after each apply.
  void start();
  // A check on the server's thread once the current request is answered.
  void check_soon();
  // One check now: its result kept in the service, its transitions logged.
  void check_now();

 private:
  void tick();

  Service& service_;
  rpc::Server& server_;
  std::chrono::milliseconds interval_;
  bool soon_pending_ = false;
};

}  // namespace nfv::nfvd
