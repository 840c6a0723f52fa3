#include "nfv/vhost/vhost_socket.h"

#include <rte_vhost.h>

#include <map>
#include <mutex>
#include <thread>

#include "nfv/common/log.h"
#include "nfv/common/socket_file.h"
#include "nfv/vhost/features.h"

namespace nfv::vhost {
namespace {

// librte_vhost reports a vid; the socket path (its "ifname") leads back to the owner.
struct Registration {
  DeviceListener* listener = nullptr;
  uint64_t cookie = 0;
};

std::mutex g_registry_mutex;
std::map<std::string, Registration>& registry() {
  static std::map<std::string, Registration> map;
  return map;
}

bool lookup(int vid, Registration& out, std::string& path) {
  char name[PATH_MAX];
  if (rte_vhost_get_ifname(vid, name, sizeof(name)) != 0) return false;
  path = name;
  std::lock_guard lock(g_registry_mutex);
  auto it = registry().find(path);
  if (it == registry().end()) return false;
  out = it->second;
  return true;
}

int new_device(int vid) {
  Registration reg;
  std::string path;
  if (!lookup(vid, reg, path)) return -1;
  DeviceInfo info;
  info.vid = vid;
  info.numa_node = rte_vhost_get_numa_node(vid);
  info.vring_count = rte_vhost_get_vring_num(vid);
  rte_vhost_get_negotiated_features(vid, &info.features);
  if (rte_vhost_get_mtu(vid, &info.mtu) != 0) info.mtu = 0;
  // A polling switch never wants the guest to kick it: every kick is a syscall in the
  // guest (measured: 2-4x lower rate). Here no vring lock is held, so this is safe.
  for (uint16_t vring = 0; vring < info.vring_count; ++vring) {
    rte_vhost_enable_guest_notification(vid, vring, 0);
  }
  return reg.listener->on_device_ready(reg.cookie, info) ? 0 : -1;
}

void destroy_device(int vid) {
  Registration reg;
  std::string path;
  if (lookup(vid, reg, path)) reg.listener->on_device_gone(reg.cookie, vid);
}

int vring_state_changed(int vid, uint16_t vring, int enable) {
  Registration reg;
  std::string path;
  if (lookup(vid, reg, path)) reg.listener->on_vring_state(reg.cookie, vid, vring, enable != 0);
  return 0;
}

int new_connection(int vid) {
  Registration reg;
  std::string path;
  if (lookup(vid, reg, path)) reg.listener->on_connection(reg.cookie, vid, true);
  return 0;
}

void destroy_connection(int vid) {
  Registration reg;
  std::string path;
  if (lookup(vid, reg, path)) reg.listener->on_connection(reg.cookie, vid, false);
}

const rte_vhost_device_ops kDeviceOps = {
    .new_device = new_device,
    .destroy_device = destroy_device,
    .vring_state_changed = vring_state_changed,
    .features_changed = nullptr,
    .new_connection = new_connection,
    .destroy_connection = destroy_connection,
    .guest_notified = nullptr,
    .reserved = {nullptr},
};

}  // namespace

Result<std::unique_ptr<VhostSocket>> VhostSocket::create(const SocketOptions& options,
                                                         DeviceListener* listener,
                                                         uint64_t cookie) {
  if (options.max_queue_pairs == 0 || options.max_queue_pairs > 128) {
    return make_error("vhost socket {}: {} queue pairs is out of range [1, 128]", options.path,
                      options.max_queue_pairs);
  }
  // Owner and group are resolved before anything exists: a mistyped name never starts a
  // socket that QEMU's user then cannot open.
  Ownership ownership;
  if (!options.client_mode) {
    auto ids = resolve_ownership(options.owner, options.group);
    if (!ids) {
      return make_error(
          "vhost socket {}: {}; the socket was not created (check the port's "
          "socket owner and group)",
          options.path, ids.error().message);
    }
    ownership = *ids;
    NFV_TRY(prepare_server_path(options.path));
  }
  {
    std::lock_guard lock(g_registry_mutex);
    if (registry().count(options.path) != 0) {
      return make_error("vhost socket {} is already used by another port", options.path);
    }
    registry()[options.path] = Registration{listener, cookie};
  }
  std::unique_ptr<VhostSocket> socket(new VhostSocket(options));
  auto unregister_path = [&] {
    std::lock_guard lock(g_registry_mutex);
    registry().erase(options.path);
  };

  uint64_t flags = options.client_mode ? RTE_VHOST_USER_CLIENT : 0;
  if (rte_vhost_driver_register(options.path.c_str(), flags) != 0) {
    unregister_path();
    return make_error(
        "vhost socket {}: librte_vhost refused to register it (path too long, or out of "
        "memory; see the log above)",
        options.path);
  }
  socket->registered_ = true;
  if (options.disabled_features != 0 &&
      rte_vhost_driver_disable_features(options.path.c_str(), options.disabled_features) != 0) {
    return make_error("vhost socket {}: cannot disable features {:#x}", options.path,
                      options.disabled_features);
  }
  if (rte_vhost_driver_callback_register(options.path.c_str(), &kDeviceOps) != 0 ||
      rte_vhost_driver_start(options.path.c_str()) != 0) {
    return make_error(
        "vhost socket {}: cannot start ({}); check that the directory exists and "
        "is writable",
        options.path, options.client_mode ? "client" : "server");
  }
  if (!options.client_mode) {
    NFV_TRY(apply_ownership(options.path, ownership, options.mode));
  }
  return socket;
}

VhostSocket::~VhostSocket() {
  if (registered_) {
    // Busy while a callback for this socket runs on the vhost thread; it retries itself.
    while (rte_vhost_driver_unregister(options_.path.c_str()) != 0) {
      log::warning("vhost socket {}: unregister refused, retrying", options_.path);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  std::lock_guard lock(g_registry_mutex);
  registry().erase(options_.path);
}

}  // namespace nfv::vhost
