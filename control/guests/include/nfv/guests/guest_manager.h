// The guest manager: what nfvd drives guests (VMs) through. LibvirtGuestManager is the real
// one; tests of nfvd's reconcile may give their own. Without one, nfvd's plans still show what
// guests need.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "nfv/common/result.h"
#include "nfv/guests/qemu_identity.h"
#include "nfv/reconcile/guest_state.h"

namespace nfv::guests {

// What the lifecycle events last said of a guest.
struct GuestRuntime {
  std::string state;     // "running", "shut off", "paused", "crashed", "unknown"
  std::string reason;    // libvirt's reason ("booted", "shutdown", "destroyed", ...)
  int64_t since_ms = 0;  // wall clock (ms since the epoch) of that event; 0: not seen
};

class GuestManager {
 public:
  virtual ~GuestManager() = default;
  // The guests this manager manages (not every VM of the host), as reconcile compares them.
  virtual Result<reconcile::GuestStates> list() = 0;
  // Defines the guest and starts it.
  virtual Status create(const reconcile::GuestState& guest) = 0;
  // Brings a running guest from `from` to `to` (same name); how (live, or restart) is the
  // manager's choice.
  virtual Status change(const reconcile::GuestState& from, const reconcile::GuestState& to) = 0;
  // Stops the guest and undefines it.
  virtual Status remove(const std::string& name) = 0;
  // Who the guests' processes run as (QEMU's user and group): the switch's vhost-user sockets
  // and their directory are made usable by them. Unset: nothing to change (root, tests).
  virtual std::optional<QemuIdentity> guest_identity() { return std::nullopt; }
  // The run state of each guest the manager manages; empty when it cannot tell.
  virtual std::map<std::string, GuestRuntime> runtimes() { return {}; }
  // What the views show of the manager itself.
  struct Description {
    std::string manager;             // "libvirt qemu:///system"
    std::string accelerator;         // "kvm" | "tcg" | "" (not decided yet)
    std::string accelerator_reason;  // why
  };
  virtual Description describe() { return {}; }
};

}  // namespace nfv::guests
