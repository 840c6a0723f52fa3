// Guests as libvirt domains through the libvirt C API.
#include "nfv/guests/libvirt_manager.h"

namespace nfv::guests {

struct LibvirtGuestManager::Impl {};

Result<std::unique_ptr<LibvirtGuestManager>> LibvirtGuestManager::connect(const LibvirtSettings&) {
  return make_error("not yet");
}
LibvirtGuestManager::LibvirtGuestManager(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LibvirtGuestManager::~LibvirtGuestManager() = default;
Result<reconcile::GuestStates> LibvirtGuestManager::list() { return make_error("not yet"); }
Status LibvirtGuestManager::create(const reconcile::GuestState&) { return make_error("not yet"); }
Status LibvirtGuestManager::change(const reconcile::GuestState&, const reconcile::GuestState&) {
  return make_error("not yet");
}
Status LibvirtGuestManager::remove(const std::string&) { return make_error("not yet"); }
std::map<std::string, GuestRuntime> LibvirtGuestManager::runtimes() { return {}; }
void LibvirtGuestManager::on_change(std::function<void(const std::string&, const GuestRuntime&)>) {}
Accelerator LibvirtGuestManager::accelerator() const { return Accelerator::kTcg; }
const std::string& LibvirtGuestManager::accelerator_reason() const {
  static const std::string none;
  return none;
}
QemuIdentity LibvirtGuestManager::qemu_identity() const { return {}; }

}  // namespace nfv::guests
