// A vhost-user port: its socket (server or client) and the one guest connection that owns it.
//
// librte_vhost accepts any number of connections on a server socket, each with its own vid.
// The first one to become a device claims the port and keeps it until it closes; devices of
// other connections are refused meanwhile, so a second client can never take over a running
// guest's port or change its queues, and a client that connects and never negotiates cannot
// keep the guest out.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "nfv/dataplane/port.h"
#include "nfv/vhost/device_listener.h"
#include "nfv/vhost/vhost_socket.h"

namespace nfv::dp {

// What librte_vhost reported of one connection. vids are process-wide (librte_vhost numbers
// its connections 0..kMaxVhostConnections-1), so the table is too. Written by librte_vhost's
// callbacks without the switch mutex, some with vring locks held: atomics only.
struct VhostConnection {
  std::atomic<uint64_t> enabled_vrings{0};
  std::atomic<bool> asked_device{false};  // the rings became ready: new_device was asked
};
inline constexpr int kMaxVhostConnections = 1024;  // librte_vhost's MAX_VHOST_DEVICE
VhostConnection* vhost_connection(int vid);        // nullptr out of range
uint64_t enabled_vrings_of(int vid);               // 0 for an unknown vid

class VhostPort final : public Port {
 public:
  // Registers the socket; `listener` gets the device callbacks with this port as cookie.
  static Result<std::unique_ptr<VhostPort>> create(PortSpec spec, uint16_t index,
                                                   vhost::DeviceListener* listener);
  ~VhostPort() override;
  static VhostPort* from_cookie(uint64_t cookie) { return reinterpret_cast<VhostPort*>(cookie); }

  const std::string& socket_path() const { return spec().vhost.path; }
  bool client_mode() const { return spec().vhost.mode == SocketMode::kClient; }
  int vid() const { return vid_; }

  // Device callbacks, with the switch's mutex held. claim: false refuses the device.
  bool claim_device(const vhost::DeviceInfo& info);
  bool release_device(int vid);  // false: not this port's device
  // Without the mutex (vring locks may be held): atomics only. True: publish a new snapshot.
  bool note_vring_state(int vid, uint16_t vring, bool enabled);
  bool note_connection(int vid, bool connected);

  int numa() const override { return numa_; }
  // The guest's transmit ring of queue pair `queue` while its device runs (vid_ only changes
  // under the switch's mutex, which the device-gone callback takes first); else zeros.
  RxQueueDepth rx_queue_depth(uint16_t queue) const override;

 protected:
  void fill_model(PortModel& model) const override;
  void fill_info(api::PortInfo& info) const override;

 private:
  using Port::Port;
  void warn_refused_client(int vid, int owner);

  std::unique_ptr<vhost::VhostSocket> socket_;
  int vid_ = -1;  // the running device (of owner_vid_), -1 when none
  int numa_ = -1;
  uint64_t features_ = 0;
  uint16_t mtu_ = 0;
  std::atomic<int> owner_vid_{-1};
  std::atomic<int> ignored_vid_{-1};      // the last refused connection warned about
  std::atomic<uint32_t> connections_{0};  // connections that claimed the port
};

}  // namespace nfv::dp
