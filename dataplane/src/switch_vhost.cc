// Guests coming and going: librte_vhost's callbacks, turned into snapshot changes.
//
// One connection per port: librte_vhost accepts any number of connections on a server
// socket, each with its own vid. The first one to become a device claims the port and keeps
// it until it closes; devices of other connections are refused meanwhile, so a second
// client can never take over a running guest's port or change its queues, and a client that
// connects and never negotiates cannot keep the guest out.
#include <array>

#include "nfv/common/log.h"
#include "nfv/vhost/burst.h"
#include "nfv/vhost/features.h"
#include "switch_internal.h"

namespace nfv::dp {
namespace {

std::array<VhostConnection, kMaxVhostConnections> g_connections;

// Once per refused connection: `warned` remembers the last vid warned about.
void warn_refused_client(const std::string& port, const std::string& socket, int vid, int owner,
                         std::atomic<int>& warned) {
  if (warned.exchange(vid) == vid) return;
  log::warning(
      "port {}: a second vhost-user client (vid {}) connected to port {}'s socket {} "
      "while guest vid {} is attached; it is ignored: give each guest its own port",
      port, vid, port, socket, owner);
}

}  // namespace

VhostConnection* vhost_connection(int vid) {
  return vid >= 0 && vid < kMaxVhostConnections ? &g_connections[vid] : nullptr;
}

uint64_t enabled_vrings_of(int vid) {
  const VhostConnection* c = vhost_connection(vid);
  return c != nullptr ? c->enabled_vrings.load(std::memory_order_acquire) : 0;
}

bool Switch::on_device_ready(uint64_t cookie, const vhost::DeviceInfo& info) {
  std::lock_guard lock(mutex_);
  auto* port = reinterpret_cast<Port*>(cookie);
  if (port->deleting) return false;
  VhostState& v = *port->vhost;
  if (VhostConnection* c = vhost_connection(info.vid)) c->asked_device.store(true);
  // Claim the port for this connection, or find it is already this connection's (a device
  // that stopped and came back, e.g. after a memory-table change).
  int owner = -1;
  if (!v.owner_vid.compare_exchange_strong(owner, info.vid) && owner != info.vid) {
    // librte_vhost asks again after each of this client's messages; the answer stays no.
    warn_refused_client(port->name, v.socket_options.path, info.vid, owner, v.ignored_vid);
    return false;
  }
  if (owner == -1) v.connections.fetch_add(1);
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
  // Recorded for every connection (the rings are enabled before the device is ready); only
  // the port's own connection changes what the PMDs poll.
  VhostConnection* c = vhost_connection(vid);
  if (c == nullptr || vring >= 64) return;
  if (enabled) {
    c->enabled_vrings.fetch_or(1ULL << vring);
  } else {
    c->enabled_vrings.fetch_and(~(1ULL << vring));
  }
  auto* port = reinterpret_cast<Port*>(cookie);
  if (vid == port->vhost->owner_vid.load(std::memory_order_acquire)) request_refresh();
}

void Switch::on_connection(uint64_t cookie, int vid, bool connected) {
  // May run on the thread that registers the socket while it holds the switch mutex
  // (client mode connects at once): atomics and logging only. librte_vhost calls it for a
  // new connection before reading anything from it, and for a closed one after
  // on_device_gone and before the vid is reused.
  auto* port = reinterpret_cast<Port*>(cookie);
  VhostState& v = *port->vhost;
  const std::string& socket = v.socket_options.path;
  VhostConnection* c = vhost_connection(vid);
  if (c == nullptr) {
    log::warning("port {}: vhost-user connection on {} with vid {} out of range; ignored",
                 port->name, socket, vid);
    return;
  }
  if (connected) {
    // A new connection starts with no queue enabled, whatever an earlier one with this vid left.
    c->enabled_vrings.store(0);
    c->asked_device.store(false);
    log::info("port {}: vhost-user client connected on {} (vid {})", port->name, socket, vid);
    return;
  }
  bool asked = c->asked_device.exchange(false);
  c->enabled_vrings.store(0);
  int owner = vid;
  if (v.owner_vid.compare_exchange_strong(owner, -1)) {
    log::info("port {}: vhost-user connection closed (vid {})", port->name, vid);
    request_refresh();
    return;
  }
  int warned = vid;
  v.ignored_vid.compare_exchange_strong(warned, -1);  // librte_vhost may reuse the vid
  if (asked) {
    log::info("port {}: an ignored vhost-user connection on {} closed (vid {})", port->name, socket,
              vid);
  } else {
    log::warning(
        "port {}: a client on {} disconnected before completing vhost-user negotiation "
        "(not a vhost-user frontend, or it failed); the port keeps waiting for a guest",
        port->name, socket);
  }
}

}  // namespace nfv::dp
