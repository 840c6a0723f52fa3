// nfvd's guest manager: libvirt's, connected when guests are first needed (so that nfvd
// starts, and applies configs without guests, while libvirtd is down) and kept from then on.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>

#include "nfv/guests/libvirt_manager.h"

namespace nfv::nfvd {

class LazyLibvirtGuests : public guests::GuestManager {
 public:
  explicit LazyLibvirtGuests(guests::LibvirtSettings settings) : settings_(std::move(settings)) {}

  Result<reconcile::GuestStates> list() override;
  Status create(const reconcile::GuestState& guest) override;
  Status change(const reconcile::GuestState& from, const reconcile::GuestState& to) override;
  Status remove(const std::string& name) override;
  std::optional<guests::QemuIdentity> guest_identity() override;
  std::map<std::string, guests::GuestRuntime> runtimes() override;
  Description describe() override;

  // The connected manager; nullptr until guests were first needed.
  guests::LibvirtGuestManager* connected() const { return manager_.get(); }
  Result<guests::LibvirtGuestManager*> connect();
  // Whether each guest runs, from any thread; empty until connected (no connection is made).
  std::map<std::string, bool> running() const;

 private:
  guests::LibvirtSettings settings_;
  std::unique_ptr<guests::LibvirtGuestManager> manager_;
  std::atomic<guests::LibvirtGuestManager*> published_{nullptr};  // manager_, for other threads
};

}  // namespace nfv::nfvd
