#include "nfv/nfvd/libvirt_guests.h"

#include "nfv/common/log.h"

namespace nfv::nfvd {

Result<guests::LibvirtGuestManager*> LazyLibvirtGuests::connect() {
  if (manager_) return manager_.get();
  auto manager = guests::LibvirtGuestManager::connect(settings_);
  if (!manager) return std::move(manager).error();
  manager_ = std::move(manager).value();
  log::info("guests: libvirt at {}, {} ({})", settings_.uri,
            guests::accelerator_name(manager_->accelerator()), manager_->accelerator_reason());
  return manager_.get();
}

Result<reconcile::GuestStates> LazyLibvirtGuests::list() {
  auto manager = connect();
  if (!manager) return std::move(manager).error();
  return (*manager)->list();
}

Status LazyLibvirtGuests::create(const reconcile::GuestState& guest) {
  auto manager = connect();
  if (!manager) return std::move(manager).error();
  return (*manager)->create(guest);
}

Status LazyLibvirtGuests::change(const reconcile::GuestState& from,
                                 const reconcile::GuestState& to) {
  auto manager = connect();
  if (!manager) return std::move(manager).error();
  return (*manager)->change(from, to);
}

Status LazyLibvirtGuests::remove(const std::string& name) {
  auto manager = connect();
  if (!manager) return std::move(manager).error();
  return (*manager)->remove(name);
}

std::optional<guests::QemuIdentity> LazyLibvirtGuests::guest_identity() {
  auto manager = connect();
  if (!manager) return std::nullopt;
  return (*manager)->qemu_identity();
}

}  // namespace nfv::nfvd
