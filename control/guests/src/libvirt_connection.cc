// One connection to libvirtd, with keepalive, lifecycle events and reconnection.
#include "libvirt_connection.h"

#include <libvirt/virterror.h>

#include "event_loop.h"
#include "nfv/common/log.h"

namespace nfv::guests {

// Reached from libvirt's callbacks through a heap shared_ptr that libvirt frees (freecb)
// once the callback is gone, so a callback that runs late never sees a destroyed object.
struct LibvirtConnection::Shared {
  std::string uri;
  LifecycleHandler on_lifecycle;
  std::atomic<bool> closed{false};
};

namespace {

using SharedPtr = std::shared_ptr<LibvirtConnection::Shared>;

// libvirt asks for keepalive probes every 5 s; 3 unanswered ones close the connection.
constexpr int kKeepAliveInterval = 5;
constexpr unsigned kKeepAliveCount = 3;

void free_shared(void* opaque) { delete static_cast<SharedPtr*>(opaque); }

const char* close_reason_text(int reason) {
  switch (reason) {
    case VIR_CONNECT_CLOSE_REASON_ERROR:
      return "an error on the socket";
    case VIR_CONNECT_CLOSE_REASON_EOF:
      return "libvirtd closed it";
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
      return "keepalive timed out";
    case VIR_CONNECT_CLOSE_REASON_CLIENT:
      return "closed here";
    default:
      return "unknown reason";
  }
}

void on_close(virConnectPtr, int reason, void* opaque) {
  auto& shared = *static_cast<SharedPtr*>(opaque);
  shared->closed = true;
  if (reason == VIR_CONNECT_CLOSE_REASON_CLIENT) return;
  log::warning("libvirt: the connection to {} was lost ({}); the next call reconnects", shared->uri,
               close_reason_text(reason));
}

void on_lifecycle(virConnectPtr, virDomainPtr domain, int event, int detail, void* opaque) {
  auto& shared = *static_cast<SharedPtr*>(opaque);
  if (shared->on_lifecycle) shared->on_lifecycle(domain, event, detail);
}

}  // namespace

std::string libvirt_message() {
  const char* message = virGetLastErrorMessage();
  return message ? message : "";
}

Result<std::unique_ptr<LibvirtConnection>> LibvirtConnection::open(const std::string& uri,
                                                                   LifecycleHandler on_lifecycle,
                                                                   OpenHandler on_open) {
  auto shared = std::make_shared<Shared>();
  shared->uri = uri;
  shared->on_lifecycle = std::move(on_lifecycle);
  std::unique_ptr<LibvirtConnection> connection(
      new LibvirtConnection(uri, std::move(on_open), std::move(shared)));
  NFV_TRY(connection->open_now());
  return connection;
}

LibvirtConnection::LibvirtConnection(std::string uri, OpenHandler on_open,
                                     std::shared_ptr<Shared> shared)
    : uri_(std::move(uri)),
      on_open_(std::move(on_open)),
      shared_(std::move(shared)),
      loop_(EventLoop::acquire()) {}

LibvirtConnection::~LibvirtConnection() { close_now(); }

Status LibvirtConnection::open_now() {
  connection_ = virConnectOpen(uri_.c_str());
  if (connection_ == nullptr) {
    return make_error(
        "libvirtd does not answer at {}: start it (systemctl start libvirtd, or virtlogd -d && "
        "libvirtd -d; scripts/lib/libvirtd start does either): {}",
        uri_, libvirt_message());
  }
  shared_->closed = false;
  if (virConnectSetKeepAlive(connection_, kKeepAliveInterval, kKeepAliveCount) < 0) {
    log::warning("libvirt: no keepalive on {}: {}", uri_, libvirt_message());
  }
  if (virConnectRegisterCloseCallback(connection_, on_close, new SharedPtr(shared_), free_shared) <
      0) {
    log::warning("libvirt: no close callback on {}: {}", uri_, libvirt_message());
  }
  lifecycle_id_ = virConnectDomainEventRegisterAny(
      connection_, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle),
      new SharedPtr(shared_), free_shared);
  if (lifecycle_id_ < 0) {
    std::string message = libvirt_message();
    close_now();
    return make_error("libvirt: cannot follow domain events on {}: {}", uri_, message);
  }
  if (on_open_) on_open_(connection_);
  return ok_status();
}

void LibvirtConnection::close_now() {
  if (connection_ == nullptr) return;
  // On a lost connection these fail remotely but still drop the callbacks here.
  if (lifecycle_id_ >= 0) virConnectDomainEventDeregisterAny(connection_, lifecycle_id_);
  virConnectUnregisterCloseCallback(connection_, on_close);
  lifecycle_id_ = -1;
  virConnectClose(connection_);
  connection_ = nullptr;
}

Result<virConnectPtr> LibvirtConnection::get() {
  bool lost = connection_ == nullptr || shared_->closed || virConnectIsAlive(connection_) != 1;
  if (!lost) return connection_;
  close_now();
  NFV_TRY(open_now());
  log::info("libvirt: reconnected to {}; following domain events again", uri_);
  return connection_;
}

}  // namespace nfv::guests
