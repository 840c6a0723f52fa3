// Guests coming and going: librte_vhost's callbacks, turned into snapshot changes.
#include "nfv/common/log.h"
#include "nfv/vhost/burst.h"
#include "nfv/vhost/features.h"
#include "switch_internal.h"

namespace nfv::dp {

bool Switch::on_device_ready(uint64_t cookie, const vhost::DeviceInfo& info) {
  std::lock_guard lock(mutex_);
  auto* port = reinterpret_cast<Port*>(cookie);
  if (port->deleting) return false;
  VhostState& v = *port->vhost;
  int previous_numa = v.numa;
  v.vid = info.vid;
  v.numa = info.numa_node;
  v.features = info.features;
  v.mtu = info.mtu;
  v.vring_count = info.vring_count;
  uint16_t offered = info.vring_count / 2;
  if (offered > port->queues) {
    log::warning("port {}: guest offers {} queue pairs, the port has {}: the rest stay unused "
                 "(raise the port's queues to use them)",
                 port->name, offered, port->queues);
  }
  // Queues follow the guest's memory: a PMD on that node polls them.
  place_queues(false);
  publish();
  auto f = vhost::decode_features(info.features);
  log::info("port {}: guest ready (vid {}, NUMA node {}{}, {} queue pairs offered, features {:#x}"
            "{}{}{}{})",
            port->name, info.vid, info.numa_node,
            previous_numa >= 0 && previous_numa != info.numa_node ? " (moved)" : "", offered,
            info.features, f.mergeable_rx ? " mrg_rxbuf" : "", f.packed_ring ? " packed" : "",
            f.event_idx ? " event_idx" : "", f.indirect_desc ? " indirect" : "");
  return true;
}

void Switch::on_device_gone(uint64_t cookie, int vid) {
  std::lock_guard lock(mutex_);
  auto* port = reinterpret_cast<Port*>(cookie);
  VhostState& v = *port->vhost;
  if (v.vid != vid) return;  // refused earlier, or already gone
  v.vid = -1;
  v.enabled_vrings.store(0);
  // librte_vhost frees the device when we return: no PMD may still be using it.
  if (!port->deleting) publish_and_wait();
  log::info("port {}: guest gone (vid {})", port->name, vid);
}

void Switch::on_vring_state(uint64_t cookie, int /*vid*/, uint16_t vring, bool enabled) {
  // Runs with the device's vring locks held: no switch mutex, no waiting (see switch.h).
  auto* port = reinterpret_cast<Port*>(cookie);
  if (vring >= 64) return;
  if (enabled) {
    port->vhost->enabled_vrings.fetch_or(1ULL << vring);
  } else {
    port->vhost->enabled_vrings.fetch_and(~(1ULL << vring));
  }
  request_refresh();
}

void Switch::on_connection(uint64_t cookie, int vid, bool connected) {
  // May run on the thread that registers the socket while it holds the switch mutex
  // (client mode connects at once): atomics and logging only.
  auto* port = reinterpret_cast<Port*>(cookie);
  if (connected) {
    uint32_t count = port->vhost->connections.fetch_add(1) + 1;
    log::info("port {}: vhost-user connection {} on {} (vid {})", port->name,
              count == 1 ? "established" : "re-established",
              port->vhost->socket_options.path, vid);
  } else {
    log::info("port {}: vhost-user connection closed (vid {})", port->name, vid);
  }
}

}  // namespace nfv::dp
