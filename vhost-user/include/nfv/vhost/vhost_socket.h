// One vhost-user socket registered with librte_vhost, owned for its lifetime (RAII).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>

#include "nfv/common/result.h"
#include "nfv/vhost/device_listener.h"

namespace nfv::vhost {

struct SocketOptions {
  std::string path;
  bool client_mode = false;        // the switch connects (QEMU is the server) and reconnects
  uint32_t max_queue_pairs = 1;    // queues beyond this are never polled
  uint64_t disabled_features = 0;  // virtio feature bits never offered (see features.h)
  // Server mode: ownership and mode of the socket file, so QEMU's user can connect.
  std::string owner;  // user name or uid; "" = keep
  std::string group;  // group name or gid; "" = keep
  uint32_t mode = 0;  // permission bits; 0 = keep (umask)
};

class VhostSocket {
 public:
  // Registers and starts the socket. Server mode: resolves owner and group first (an unknown
  // one fails before anything is created), refuses a path that is not a socket or on which
  // something listens, removes a stale socket file (only when connecting to it is refused),
  // requires the directory to exist.
  static Result<std::unique_ptr<VhostSocket>> create(const SocketOptions& options,
                                                     DeviceListener* listener, uint64_t cookie);
  // Unregisters: closes connections (on_device_gone may be called on this thread) and, in
  // server mode, removes the socket file. Never call it while holding a lock that
  // on_device_gone takes.
  ~VhostSocket();

  VhostSocket(const VhostSocket&) = delete;
  VhostSocket& operator=(const VhostSocket&) = delete;

  const SocketOptions& options() const { return options_; }

 private:
  explicit VhostSocket(SocketOptions options) : options_(std::move(options)) {}
  SocketOptions options_;
  bool registered_ = false;
};

// Creates `dir` (and parents) with `mode` if missing; applies owner/group when given (also
// used by the switch for its own directories). Socket files: nfv/common/socket_file.h.
Status ensure_directory(const std::string& dir, uint32_t mode, const std::string& owner,
                        const std::string& group);

}  // namespace nfv::vhost
