#include "nfv/nfvd/libvirt_guests.h"

#include "nfv/common/log.h"
#include "nfv/guests/accelerator_probe.h"

namespace nfv::nfvd {

Result<guests::LibvirtGuestManager*> LazyLibvirtGuests::connect() {
  if (manager_) return manager_.get();
  auto manager = guests::LibvirtGuestManager::connect(settings_);
  if (!manager) return std::move(manager).error();
  manager_ = std::move(manager).value();
  // The log is where an operator looks first when a guest went down by itself.
  manager_->on_change([](const std::string& name, const guests::GuestRuntime& runtime) {
    log::info("guest {}: {} ({})", name, runtime.state, runtime.reason);
  });
  log::info("guests: libvirt at {}, {}", settings_.uri, manager_->accelerator_reason());
  published_.store(manager_.get(), std::memory_order_release);
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

std::map<std::string, guests::GuestRuntime> LazyLibvirtGuests::runtimes() {
  if (!manager_) return {};
  return manager_->runtimes();
}

guests::GuestManager::Description LazyLibvirtGuests::describe() {
  Description description{"libvirt " + settings_.uri, "", ""};
  if (manager_) {
    description.accelerator = guests::accelerator_name(manager_->accelerator());
    description.accelerator_reason = manager_->accelerator_reason();
  }
  return description;
}

std::map<std::string, bool> LazyLibvirtGuests::running() const {
  std::map<std::string, bool> running;
  auto* manager = published_.load(std::memory_order_acquire);
  if (manager == nullptr) return running;
  for (const auto& [name, runtime] : manager->runtimes())
    running[name] = runtime.state == "running";
  return running;
}

}  // namespace nfv::nfvd
