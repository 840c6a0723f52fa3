// What a vhost-user socket reports to its owner (the dataplane) about guests coming and going.
#pragma once

#include <cstdint>

namespace nfv::vhost {

struct DeviceInfo {
  int vid = -1;
  int numa_node = -1;        // node of the guest's memory as librte_vhost reports it; -1 unknown
  uint16_t vring_count = 0;  // 2 per queue pair offered by the guest
  uint64_t features = 0;     // negotiated virtio feature bits
  uint16_t mtu = 0;          // 0 when VIRTIO_NET_F_MTU was not negotiated
};

// Callbacks arrive on librte_vhost's event thread, or on the thread that unregisters a socket.
class DeviceListener {
 public:
  virtual ~DeviceListener() = default;

  // The guest's rings are ready. No vring lock is held: may wait for PMDs to quiesce.
  // Return false to refuse the device.
  virtual bool on_device_ready(uint64_t cookie, const DeviceInfo& info) = 0;

  // The device stopped (disconnect, guest reset, memory-table change). No vring lock is held.
  // On return, no PMD may touch `vid` any more: wait for quiescence before returning.
  virtual void on_device_gone(uint64_t cookie, int vid) = 0;

  // A vring was enabled or disabled. Called WITH all of the device's vring locks held: a PMD
  // may be spinning on one of them, so this must not block or wait for PMDs.
  virtual void on_vring_state(uint64_t cookie, int vid, uint16_t vring, bool enabled) = 0;

  // A (re)connection was accepted or closed: counts reconnects, logs hostile clients.
  virtual void on_connection(uint64_t cookie, int vid, bool connected) = 0;
};

}  // namespace nfv::vhost
