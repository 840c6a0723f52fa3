// The owned guests' run states as libvirt's lifecycle events leave them, shared between the
// event loop thread (writer) and the manager's callers (readers). Internal to the manager.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "nfv/guests/guest_manager.h"

namespace nfv::guests {

// A lifecycle event (virDomainEventType, its detail) as a run state; `previous` is the
// guest's last one (a DEFINED event keeps its state).
GuestRuntime runtime_of_event(int event, int detail, const GuestRuntime* previous);
// A state read with virDomainGetState (at (re)connection).
GuestRuntime runtime_of_state(int state, int reason);

class RuntimeTable {
 public:
  using Callback = std::function<void(const std::string& name, const GuestRuntime&)>;

  void set_callback(Callback callback);
  bool contains(const std::string& name) const;
  // Applies an event to a guest (known or new) and tells the callback.
  void apply_event(const std::string& name, int event, int detail);
  // Replaces every entry (after a (re)connection: events may have been missed).
  void reset(std::map<std::string, GuestRuntime> runtimes);
  std::map<std::string, GuestRuntime> snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, GuestRuntime> runtimes_;
  Callback callback_;
};

}  // namespace nfv::guests
