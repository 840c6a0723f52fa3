// Guests coming and going: librte_vhost's callbacks, turned into snapshot changes. The port
// (VhostPort) decides what a callback means; the switch publishes what changed.
#include "nfv/common/log.h"
#include "nfv/dataplane/switch.h"
#include "nfv/dataplane/vhost_port.h"

namespace nfv::dp {

bool Switch::on_device_ready(uint64_t cookie, const vhost::DeviceInfo& info) {
  std::lock_guard lock(mutex_);
  VhostPort* port = VhostPort::from_cookie(cookie);
  if (!port->claim_device(info)) return false;
  place_queues(false);  // queues follow the guest's memory: a PMD on that node polls them
  publish();
  return true;
}

void Switch::on_device_gone(uint64_t cookie, int vid) {
  std::lock_guard lock(mutex_);
  VhostPort* port = VhostPort::from_cookie(cookie);
  if (!port->release_device(vid)) return;
  // librte_vhost frees the device when we return: no PMD may still be using it.
  if (!port->deleting()) publish_and_wait();
  log::info("port {}: guest gone (vid {})", port->name(), vid);
}

void Switch::on_vring_state(uint64_t cookie, int vid, uint16_t vring, bool enabled) {
  // Runs with the device's vring locks held: no switch mutex, no waiting (see switch.h).
  if (VhostPort::from_cookie(cookie)->note_vring_state(vid, vring, enabled)) request_refresh();
}

void Switch::on_connection(uint64_t cookie, int vid, bool connected) {
  // May run on the thread that registers the socket while it holds the switch mutex
  // (client mode connects at once): atomics and logging only.
  if (VhostPort::from_cookie(cookie)->note_connection(vid, connected)) request_refresh();
}

}  // namespace nfv::dp
