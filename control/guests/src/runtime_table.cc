// Run states of the owned guests, from lifecycle events.
#include "runtime_table.h"

#include <libvirt/libvirt.h>

#include <array>
#include <chrono>
#include <span>

namespace nfv::guests {
namespace {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Indexed by libvirt's detail or reason enums (virDomainEvent*DetailType, virDomain*Reason).
constexpr std::array kStartedDetails = {"booted", "migrated", "restored", "from snapshot",
                                        "wakeup"};
constexpr std::array kStoppedDetails = {"shutdown", "destroyed", "crashed",      "migrated",
                                        "saved",    "failed",    "from snapshot"};
constexpr std::array kRunningReasons = {
    "unknown",       "booted",   "migrated",           "restored",
    "from snapshot", "unpaused", "migration canceled", "save canceled",
    "wakeup",        "crashed",  "post-copy"};
constexpr std::array kShutoffReasons = {"unknown", "shutdown",      "destroyed",
                                        "crashed", "migrated",      "saved",
                                        "failed",  "from snapshot", "daemon"};

const char* pick(std::span<const char* const> names, int index) {
  if (index < 0 || static_cast<size_t>(index) >= names.size()) return "unknown";
  return names[static_cast<size_t>(index)];
}

GuestRuntime make(std::string state, std::string reason) {
  return GuestRuntime{std::move(state), std::move(reason), now_ms()};
}

}  // namespace

GuestRuntime runtime_of_event(int event, int detail, const GuestRuntime* previous) {
  switch (event) {
    case VIR_DOMAIN_EVENT_DEFINED:
      return make(previous ? previous->state : "shut off", "defined");
    case VIR_DOMAIN_EVENT_UNDEFINED:
      return make("undefined", "undefined");
    case VIR_DOMAIN_EVENT_STARTED:
      return make("running", pick(kStartedDetails, detail));
    case VIR_DOMAIN_EVENT_SUSPENDED:
      return make("paused", "suspended");
    case VIR_DOMAIN_EVENT_RESUMED:
      return make("running", "resumed");
    case VIR_DOMAIN_EVENT_STOPPED:
      return make("shut off", pick(kStoppedDetails, detail));
    case VIR_DOMAIN_EVENT_SHUTDOWN:
      return make("in shutdown", "shutting down");
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
      return make("pmsuspended", "guest suspended");
    case VIR_DOMAIN_EVENT_CRASHED:
      return make("crashed", "crashed");
    default:
      return make("unknown", "unknown event");
  }
}

GuestRuntime runtime_of_state(int state, int reason) {
  switch (state) {
    case VIR_DOMAIN_RUNNING:
      return make("running", pick(kRunningReasons, reason));
    case VIR_DOMAIN_BLOCKED:
      return make("running", "blocked");
    case VIR_DOMAIN_PAUSED:
      return make("paused", "paused");
    case VIR_DOMAIN_SHUTDOWN:
      return make("in shutdown", "shutting down");
    case VIR_DOMAIN_SHUTOFF:
      return make("shut off", pick(kShutoffReasons, reason));
    case VIR_DOMAIN_CRASHED:
      return make("crashed", "crashed");
    case VIR_DOMAIN_PMSUSPENDED:
      return make("pmsuspended", "guest suspended");
    default:
      return make("unknown", "unknown");
  }
}

void RuntimeTable::set_callback(Callback callback) {
  std::lock_guard lock(mutex_);
  callback_ = std::move(callback);
}

bool RuntimeTable::contains(const std::string& name) const {
  std::lock_guard lock(mutex_);
  return runtimes_.count(name) != 0;
}

void RuntimeTable::apply_event(const std::string& name, int event, int detail) {
  GuestRuntime runtime;
  Callback callback;
  {
    std::lock_guard lock(mutex_);
    auto found = runtimes_.find(name);
    runtime = runtime_of_event(event, detail, found == runtimes_.end() ? nullptr : &found->second);
    if (event == VIR_DOMAIN_EVENT_UNDEFINED) {
      if (found != runtimes_.end()) runtimes_.erase(found);
    } else {
      runtimes_[name] = runtime;
    }
    callback = callback_;
  }
  // Outside the lock: the callback may read runtimes().
  if (callback) callback(name, runtime);
}

void RuntimeTable::reset(std::map<std::string, GuestRuntime> runtimes) {
  std::lock_guard lock(mutex_);
  runtimes_ = std::move(runtimes);
}

std::map<std::string, GuestRuntime> RuntimeTable::snapshot() const {
  std::lock_guard lock(mutex_);
  return runtimes_;
}

}  // namespace nfv::guests
