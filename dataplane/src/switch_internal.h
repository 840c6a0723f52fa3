// The Switch's private records, shared by its implementation files.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "nfv/api/jsonrpc.h"
#include "nfv/dataplane/switch.h"

namespace nfv::dp {

inline Error api_error(api::ErrorCode code, std::string message) {
  return Error{std::move(message), static_cast<int>(code)};
}

struct Switch::VhostState {
  vhost::SocketOptions socket_options;
  std::unique_ptr<vhost::VhostSocket> socket;
  int vid = -1;  // the running device (of owner_vid), -1 when none
  int numa = -1;
  uint64_t features = 0;
  uint16_t mtu = 0;
  uint16_t vring_count = 0;
  // A port serves one vhost-user connection at a time, although librte_vhost accepts many on
  // one server socket. The first connection to become a device claims the port
  // (on_device_ready) and keeps it until that connection closes; a device of any other
  // connection is refused meanwhile. Claiming at the device, not at the connection, means a
  // client that connects and never negotiates cannot lock the guest out.
  std::atomic<int> owner_vid{-1};
  std::atomic<int> ignored_vid{-1};      // the last refused connection warned about
  std::atomic<uint32_t> connections{0};  // connections that claimed the port
};

// What librte_vhost reported of one vhost-user connection. vids are process-wide (librte_vhost
// numbers its connections 0..kMaxVhostConnections-1), so the table is too. Written by
// librte_vhost's callbacks without the switch mutex, some with vring locks held: atomics only.
struct VhostConnection {
  std::atomic<uint64_t> enabled_vrings{0};
  std::atomic<bool> asked_device{false};  // the rings became ready: new_device was asked
};
inline constexpr int kMaxVhostConnections = 1024;  // librte_vhost's MAX_VHOST_DEVICE
VhostConnection* vhost_connection(int vid);        // nullptr out of range
uint64_t enabled_vrings_of(int vid);               // 0 for an unknown vid

struct Switch::Port {
  std::string name;
  uint16_t index = 0;
  PortKind kind = PortKind::kVhost;
  api::PortAddParams spec;  // as added, for exist_ok
  bool admin_up = true;
  bool deleting = false;  // out of every snapshot; its device is being closed
  uint16_t queues = 1;    // rx queues (vhost: queue pairs the guest may enable)
  uint16_t tx_retries = 8;
  Attachment attachment = Attachment::kNone;
  uint16_t bridge = 0;
  uint16_t peer = kNoPort;
  VlanSettings vlan;
  // ethdev
  std::unique_ptr<EthdevPort> eth;
  bool link_up = false;
  // vhost
  std::unique_ptr<VhostState> vhost;
  // reader-side baselines (counter slots are reused by later ports; "clear" moves them)
  PortCounters baseline;
  DeviceDrops device_baseline;
  uint64_t learned_baseline = 0;
  uint64_t moved_baseline = 0;
  uint64_t table_full_baseline = 0;
  std::array<uint64_t, kMaxQueuesPerPort> rxq_baseline{};

  int numa() const {
    if (eth) return eth->numa();
    return vhost ? vhost->numa : -1;
  }
};

struct Switch::Bridge {
  std::string name;
  uint16_t index = 0;
  Fdb* fdb = nullptr;
  uint32_t capacity = 0;
  uint32_t ageing_s = 0;
};

}  // namespace nfv::dp
