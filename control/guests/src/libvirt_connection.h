// One connection to libvirtd: keepalive, lifecycle events delivered on libvirt's event loop
// thread, and a new connection (events registered again) on the first call after libvirtd
// went away. Internal to the libvirt manager.
#pragma once

#include <libvirt/libvirt.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "nfv/common/result.h"

namespace nfv::guests {

class EventLoop;

// libvirt's last error on this thread, for messages ("" when none).
std::string libvirt_message();

class LibvirtConnection {
 public:
  // Called on the event loop thread for each lifecycle event of any domain.
  using LifecycleHandler = std::function<void(virDomainPtr domain, int event, int detail)>;
  // Called after each (re)connection, on the caller's thread, with the new connection.
  using OpenHandler = std::function<void(virConnectPtr connection)>;

  static Result<std::unique_ptr<LibvirtConnection>> open(const std::string& uri,
                                                         LifecycleHandler on_lifecycle,
                                                         OpenHandler on_open);
  ~LibvirtConnection();
  LibvirtConnection(const LibvirtConnection&) = delete;
  LibvirtConnection& operator=(const LibvirtConnection&) = delete;

  // The live connection; reconnects first when the last one was closed by libvirtd.
  Result<virConnectPtr> get();

  struct Shared;  // what libvirt's callbacks reach (outlives this object while they run)

 private:
  LibvirtConnection(std::string uri, OpenHandler on_open, std::shared_ptr<Shared> shared);
  Status open_now();
  void close_now();

  std::string uri_;
  OpenHandler on_open_;
  std::shared_ptr<Shared> shared_;
  std::shared_ptr<EventLoop> loop_;
  virConnectPtr connection_ = nullptr;
  int lifecycle_id_ = -1;
};

}  // namespace nfv::guests
