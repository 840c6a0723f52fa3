// Guests as libvirt domains, through the libvirt C API: the thin adapter around the pure
// parts (domain_spec_of, domain_xml, metadata). Only domains carrying the appliance's
// metadata are listed, changed or removed; a name clash with any other domain is an error.
//
// One connection (keepalive on), an event loop thread following lifecycle events, and a new
// connection when libvirtd restarts (the next call reconnects; events resume).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "nfv/common/result.h"
#include "nfv/guests/domain_spec.h"
#include "nfv/guests/guest_domain.h"
#include "nfv/guests/guest_manager.h"
#include "nfv/guests/qemu_identity.h"

namespace nfv::guests {

struct LibvirtSettings {
  std::string uri = "qemu:///system";
  // auto: probe (boot the tiny guest under KVM with a short timeout, else TCG); kvm; tcg.
  std::string accelerator = "auto";
  std::string probe_kernel;  // the tiny guest image for the probe ("" : judge by /dev/kvm)
  std::string probe_initrd;
  std::chrono::seconds probe_timeout{20};
  std::string console_dir;  // per guest: <name>.console.log and <name>.console.sock
  std::chrono::seconds shutdown_timeout{30};  // ACPI shutdown, then destroy
  std::string sysfs_root = "/sys";            // where free hugepages are read (tests: a fake)
};

class LibvirtGuestManager : public GuestManager {
 public:
  // Connects (an error says libvirtd is not answering at the URI and how to start it) and
  // decides the accelerator (probing once when settings.accelerator is "auto").
  static Result<std::unique_ptr<LibvirtGuestManager>> connect(const LibvirtSettings& settings);
  ~LibvirtGuestManager() override;

  Result<reconcile::GuestStates> list() override;
  Status create(const reconcile::GuestState& guest) override;
  Status change(const reconcile::GuestState& from, const reconcile::GuestState& to) override;
  Status remove(const std::string& name) override;

  // The owned guests' run states, as the lifecycle events left them.
  std::map<std::string, GuestRuntime> runtimes() override;
  // Called (on the event thread) when an owned guest's state changes.
  void on_change(std::function<void(const std::string& name, const GuestRuntime&)> callback);

  Accelerator accelerator() const;
  const std::string& accelerator_reason() const;          // "kvm: the probe guest booted in 2.1 s"
  QemuIdentity qemu_identity() const;                     // for socket and directory ownership
  std::optional<QemuIdentity> guest_identity() override;  // qemu_identity()
  Description describe() override;

  struct Impl;

 private:
  explicit LibvirtGuestManager(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nfv::guests
