#include "nfv/nfvd/drift_monitor.h"

#include "nfv/common/log.h"
#include "nfv/nfvd/drift.h"

namespace nfv::nfvd {

DriftMonitor::DriftMonitor(Service& service, rpc::Server& server,
                           std::chrono::milliseconds interval)
    : service_(service), server_(server), interval_(interval) {}

void DriftMonitor::start() {
  if (interval_.count() <= 0) {
    log::info("drift: not checked periodically (--drift-interval 0)");
    return;
  }
  service_.on_apply_recorded([this] { check_soon(); });
  server_.run_at(rpc::Server::Clock::now(), [this] { tick(); });
}

void DriftMonitor::tick() {
  check_now();
  server_.run_at(rpc::Server::Clock::now() + interval_, [this] { tick(); });
}

void DriftMonitor::check_soon() {
  if (soon_pending_) return;
  soon_pending_ = true;
  server_.run_at(rpc::Server::Clock::now(), [this] {
    soon_pending_ = false;
    check_now();
  });
}

void DriftMonitor::check_now() {
  if (!service_.persistent().has_config()) return;
  api::NfvdDrift drift = service_.check_drift();
  for (const auto& line :
       drift_transitions(service_.drift(), drift, service_.persistent().config_path)) {
    if (line.starts_with("drift: the host is in sync")) {
      log::info("{}", line);
    } else {
      log::warning("{}", line);
    }
  }
  service_.set_drift(std::move(drift));
}

}  // namespace nfv::nfvd
