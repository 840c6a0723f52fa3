#include "nfv/dataplane/vhost_port.h"

#include <fmt/format.h>

#include <array>

#include "api_error.h"
#include "nfv/common/log.h"
#include "nfv/vhost/burst.h"
#include "nfv/vhost/features.h"
#include "nfv/vhost/ring_depth.h"

namespace nfv::dp {
namespace {

std::array<VhostConnection, kMaxVhostConnections> g_connections;

vhost::SocketOptions socket_options(const PortSpec& spec) {
  vhost::SocketOptions so;
  so.path = spec.vhost.path;
  so.client_mode = spec.vhost.mode == SocketMode::kClient;
  so.max_queue_pairs = spec.queues;
  const api::VhostConfig& f = spec.vhost.features;
  // One queue pair: MQ is not offered, so the guest cannot transmit on a queue never polled.
  so.disabled_features = vhost::disabled_features(vhost::FeatureChoice{
      f.mergeable_rx, f.indirect_desc, f.packed_ring, f.offloads, /*multiqueue=*/spec.queues > 1});
  if (spec.vhost.socket) {
    so.owner = spec.vhost.socket->owner;
    so.group = spec.vhost.socket->group;
    so.mode = spec.vhost.socket->mode;
  }
  return so;
}

api::VhostFeatures features_info(uint64_t bits, uint16_t mtu) {
  auto f = vhost::decode_features(bits);
  api::VhostFeatures features;
  features.features_hex = fmt::format("{:#x}", f.bits);
  features.mergeable_rx = f.mergeable_rx;
  features.indirect_desc = f.indirect_desc;
  features.event_idx = f.event_idx;
  features.packed_ring = f.packed_ring;
  features.in_order = f.in_order;
  features.csum_offload = f.csum_offload;
  features.tso = f.tso;
  features.mq = f.mq;
  features.mtu = mtu;
  return features;
}

}  // namespace

VhostConnection* vhost_connection(int vid) {
  return vid >= 0 && vid < kMaxVhostConnections ? &g_connections[vid] : nullptr;
}

uint64_t enabled_vrings_of(int vid) {
  const VhostConnection* c = vhost_connection(vid);
  return c != nullptr ? c->enabled_vrings.load(std::memory_order_acquire) : 0;
}

Result<std::unique_ptr<VhostPort>> VhostPort::create(PortSpec spec, uint16_t index,
                                                     vhost::DeviceListener* listener) {
  std::unique_ptr<VhostPort> port(new VhostPort(std::move(spec), index));
  auto socket = vhost::VhostSocket::create(socket_options(port->spec()), listener,
                                           reinterpret_cast<uint64_t>(port.get()));
  if (!socket) {
    return Error{fmt::format("port {}: {}", port->name(), socket.error().message),
                 static_cast<int>(api::ErrorCode::kFailed)};
  }
  port->socket_ = std::move(socket).value();
  return port;
}

// The socket goes first, while every member its callbacks may read is still alive
// (unregistering may run on_device_gone on this thread).
VhostPort::~VhostPort() { socket_.reset(); }

void VhostPort::warn_refused_client(int vid, int owner) {
  if (ignored_vid_.exchange(vid) == vid) return;  // once per refused connection
  log::warning(
      "port {}: a second vhost-user client (vid {}) connected to port {}'s socket {} "
      "while guest vid {} is attached; it is ignored: give each guest its own port",
      name(), vid, name(), socket_path(), owner);
}

bool VhostPort::claim_device(const vhost::DeviceInfo& info) {
  if (deleting()) return false;
  if (VhostConnection* c = vhost_connection(info.vid)) c->asked_device.store(true);
  // Claim the port for this connection, or find it is already this connection's (a device
  // that stopped and came back, e.g. after a memory-table change).
  int owner = -1;
  if (!owner_vid_.compare_exchange_strong(owner, info.vid) && owner != info.vid) {
    // librte_vhost asks again after each of this client's messages; the answer stays no.
    warn_refused_client(info.vid, owner);
    return false;
  }
  if (owner == -1) connections_.fetch_add(1);
  int previous_numa = numa_;
  vid_ = info.vid;
  numa_ = info.numa_node;
  features_ = info.features;
  mtu_ = info.mtu;
  uint16_t offered = info.vring_count / 2;
  if (offered > queues()) {
    // librte_vhost 22.11 cannot cap the queue pairs a guest uses (one-queue ports do not
    // offer multiqueue at all); say exactly what the extra ones cost.
    log::warning(
        "port {}: guest offers {} queue pairs, the port has {}: the switch polls queue pairs "
        "0-{} only; frames the guest sends on queue pairs {}-{} (if its driver enables them) "
        "are never read: they wait in its rings until those fill, then the guest drops them, "
        "and no counter of the switch sees them. Fix: start the guest with queues={} (QEMU "
        "-netdev vhost-user,...,queues={}), or add the port with queues={}",
        name(), offered, queues(), queues() - 1, queues(), offered - 1, queues(), queues(),
        offered);
  }
  auto f = vhost::decode_features(info.features);
  log::info(
      "port {}: guest ready (vid {}, NUMA node {}{}, {} queue pairs offered, features {:#x}"
      "{}{}{}{})",
      name(), info.vid, info.numa_node,
      previous_numa >= 0 && previous_numa != info.numa_node ? " (moved)" : "", offered,
      info.features, f.mergeable_rx ? " mrg_rxbuf" : "", f.packed_ring ? " packed" : "",
      f.event_idx ? " event_idx" : "", f.indirect_desc ? " indirect" : "");
  return true;
}

bool VhostPort::release_device(int vid) {
  if (vid_ != vid) return false;  // refused earlier, or already gone
  // enabled_vrings stays: it is the connection's state, reported by librte_vhost even while no
  // device runs (e.g. across a memory-table change); it is reset when the connection changes.
  vid_ = -1;
  return true;
}

bool VhostPort::note_vring_state(int vid, uint16_t vring, bool enabled) {
  // Recorded for every connection (the rings are enabled before the device is ready); only
  // the port's own connection changes what the PMDs poll.
  VhostConnection* c = vhost_connection(vid);
  if (c == nullptr || vring >= 64) return false;
  if (enabled) {
    c->enabled_vrings.fetch_or(1ULL << vring);
  } else {
    c->enabled_vrings.fetch_and(~(1ULL << vring));
  }
  return vid == owner_vid_.load(std::memory_order_acquire);
}

bool VhostPort::note_connection(int vid, bool connected) {
  // librte_vhost calls this for a new connection before reading anything from it, and for a
  // closed one after the device is gone and before the vid is reused.
  VhostConnection* c = vhost_connection(vid);
  if (c == nullptr) {
    log::warning("port {}: vhost-user connection on {} with vid {} out of range; ignored", name(),
                 socket_path(), vid);
    return false;
  }
  if (connected) {
    // A new connection starts with no queue enabled, whatever an earlier one with this vid left.
    c->enabled_vrings.store(0);
    c->asked_device.store(false);
    log::info("port {}: vhost-user client connected on {} (vid {})", name(), socket_path(), vid);
    return false;
  }
  bool asked = c->asked_device.exchange(false);
  c->enabled_vrings.store(0);
  int owner = vid;
  if (owner_vid_.compare_exchange_strong(owner, -1)) {
    log::info("port {}: vhost-user connection closed (vid {})", name(), vid);
    return true;
  }
  int warned = vid;
  ignored_vid_.compare_exchange_strong(warned, -1);  // librte_vhost may reuse the vid
  if (asked) {
    log::info("port {}: an ignored vhost-user connection on {} closed (vid {})", name(),
              socket_path(), vid);
  } else {
    log::warning(
        "port {}: a client on {} disconnected before completing vhost-user negotiation "
        "(not a vhost-user frontend, or it failed); the port keeps waiting for a guest",
        name(), socket_path());
  }
  return false;
}

RxQueueDepth VhostPort::rx_queue_depth(uint16_t queue) const {
  if (vid_ < 0) return {};
  bool packed = vhost::decode_features(features_).packed_ring;
  vhost::RingDepth ring = vhost::guest_tx_ring_depth(vid_, queue, packed);
  return RxQueueDepth{ring.pending, ring.ring_size};
}

void VhostPort::fill_model(PortModel& m) const {
  PortRuntime& r = m.runtime;
  r.vid = vid_;
  r.link_up = vid_ >= 0;
  // A guest that negotiated a smaller MTU would drop longer frames itself, uncounted.
  if (vid_ >= 0 && mtu_ != 0 && mtu_ < spec().mtu) r.max_frame_len = max_frame_len_for_mtu(mtu_);
  uint64_t vrings = enabled_vrings_of(vid_);
  m.enabled_rx_queues = 0;
  for (uint16_t q = 0; q < queues(); ++q) {
    if ((vrings >> vhost::guest_tx_vring(q)) & 1) m.enabled_rx_queues |= 1u << q;
    if ((vrings >> vhost::guest_rx_vring(q)) & 1) r.tx_queue_pairs[r.n_tx_queue_pairs++] = q;
  }
}

void VhostPort::fill_info(api::PortInfo& info) const {
  info.path = socket_path();
  info.mode = std::string(wire_name(spec().vhost.mode));
  info.connected = vid_ >= 0;
  info.link = vid_ >= 0 ? "up" : "down";
  info.tx_queues = queues();
  uint64_t vrings = enabled_vrings_of(vid_);
  for (uint16_t q = 0; q < queues(); ++q) {
    if (vid_ >= 0 && ((vrings >> vhost::guest_tx_vring(q)) & 1)) info.enabled_queues.push_back(q);
  }
  uint32_t connections = connections_.load();
  info.reconnects = connections > 0 ? connections - 1 : 0;
  if (vid_ >= 0) info.features = features_info(features_, mtu_);
}

}  // namespace nfv::dp
