// Guests coming and going: librte_vhost's callbacks, turned into snapshot changes.
//
// One connection per port: librte_vhost accepts any number of connections on a server
// socket, each with its own vid. The first one on a free port claims it (on_connection) and
// keeps it until it closes; the others are ignored (no device, no vring state), so a second
// client can never take over a running guest's port or change its queues.
#include "nfv/common/log.h"
#include "nfv/vhost/burst.h"
#include "nfv/vhost/features.h"
#include "switch_internal.h"

namespace nfv::dp {
namespace {

// Once per ignored connection: `warned` remembers the last vid warned about.
void warn_ignored_client(const std::string& port, const std::string& socket, int vid, int active,
                         std::atomic<int>& warned) {
  if (warned.exchange(vid) == vid) return;
  if (active >= 0) {
    log::warning(
        "port {}: a second vhost-user client (vid {}) connected to port {}'s socket {} "
        "while guest vid {} is attached; it is ignored: give each guest its own port",
        port, vid, port, socket, active);
  } else {
    log::warning(
        "port {}: vhost-user client vid {} on {} connected while another guest held "
        "the port; it stays ignored: reconnect it, and give each guest its own port",
        port, vid, socket);
  }
}

}  // namespace

bool Switch::on_device_ready(uint64_t cookie, const vhost::DeviceInfo& info) {
  std::lock_guard lock(mutex_);
  auto* port = reinterpret_cast<Port*>(cookie);
  if (port->deleting) return false;
  VhostState& v = *port->vhost;
  int active = v.active_vid.load();
  if (info.vid != active) {
    // librte_vhost asks again after each of this client's messages; the answer stays no.
    warn_ignored_client(port->name, v.socket_options.path, info.vid, active, v.ignored_vid);
    return false;
  }
  v.active_negotiated.store(true);
  int previous_numa = v.numa;
  v.vid = info.vid;
  v.numa = info.numa_node;
  v.features = info.features;
  v.mtu = info.mtu;
  v.vring_count = info.vring_count;
  uint16_t offered = info.vring_count / 2;
  if (offered > port->queues) {
    // librte_vhost 22.11 cannot cap the queue pairs a guest uses (one-queue ports do not
    // offer multiqueue at all, see add_port); say exactly what the extra ones cost.
    log::warning(
        "port {}: guest offers {} queue pairs, the port has {}: the switch polls queue pairs "
        "0-{} only; frames the guest sends on queue pairs {}-{} (if its driver enables them) "
        "are never read: they wait in its rings until those fill, then the guest drops them, "
        "and no counter of the switch sees them. Fix: start the guest with queues={} (QEMU "
        "-netdev vhost-user,...,queues={}), or add the port with queues={}",
        port->name, offered, port->queues, port->queues - 1, port->queues, offered - 1,
        port->queues, port->queues, offered);
  }
  // Queues follow the guest's memory: a PMD on that node polls them.
  place_queues(false);
  publish();
  auto f = vhost::decode_features(info.features);
  log::info(
      "port {}: guest ready (vid {}, NUMA node {}{}, {} queue pairs offered, features {:#x}"
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
  // enabled_vrings stays: it is the connection's state, reported by librte_vhost even while no
  // device runs (e.g. across a memory-table change); it is reset when the connection changes.
  // librte_vhost frees the device when we return: no PMD may still be using it.
  if (!port->deleting) publish_and_wait();
  log::info("port {}: guest gone (vid {})", port->name, vid);
}

void Switch::on_vring_state(uint64_t cookie, int vid, uint16_t vring, bool enabled) {
  // Runs with the device's vring locks held: no switch mutex, no waiting (see switch.h).
  auto* port = reinterpret_cast<Port*>(cookie);
  VhostState& v = *port->vhost;
  if (vid != v.active_vid.load(std::memory_order_acquire)) return;  // an ignored connection
  if (vring >= 64) return;
  if (enabled) {
    v.enabled_vrings.fetch_or(1ULL << vring);
  } else {
    v.enabled_vrings.fetch_and(~(1ULL << vring));
  }
  request_refresh();
}

void Switch::on_connection(uint64_t cookie, int vid, bool connected) {
  // May run on the thread that registers the socket while it holds the switch mutex
  // (client mode connects at once): atomics and logging only. librte_vhost calls it for a
  // new connection before reading anything from it, and for a closed one after
  // on_device_gone and before the vid is reused.
  auto* port = reinterpret_cast<Port*>(cookie);
  VhostState& v = *port->vhost;
  const std::string& socket = v.socket_options.path;
  if (connected) {
    int active = -1;
    if (!v.active_vid.compare_exchange_strong(active, vid)) {
      warn_ignored_client(port->name, socket, vid, active, v.ignored_vid);
      return;
    }
    // A new connection starts with no queue enabled, whatever the previous one left.
    v.active_negotiated.store(false);
    v.enabled_vrings.store(0);
    uint32_t count = v.connections.fetch_add(1) + 1;
    log::info("port {}: vhost-user connection {} on {} (vid {})", port->name,
              count == 1 ? "established" : "re-established", socket, vid);
    return;
  }
  if (v.active_vid.load() != vid) {
    int warned = vid;
    v.ignored_vid.compare_exchange_strong(warned, -1);  // librte_vhost may reuse the vid
    log::info("port {}: an ignored vhost-user connection on {} closed (vid {})", port->name, socket,
              vid);
    return;
  }
  // Only this connection's own close releases the port: nobody else writes active_vid now.
  bool negotiated = v.active_negotiated.exchange(false);
  v.enabled_vrings.store(0);
  v.active_vid.store(-1, std::memory_order_release);
  if (negotiated) {
    log::info("port {}: vhost-user connection closed (vid {})", port->name, vid);
  } else {
    log::warning(
        "port {}: a client on {} disconnected before completing vhost-user negotiation "
        "(not a vhost-user frontend, or it failed); the port keeps waiting for a guest",
        port->name, socket);
  }
}

}  // namespace nfv::dp
