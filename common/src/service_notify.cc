#include "nfv/common/service_notify.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

#include "nfv/common/log.h"
#include "nfv/common/unique_fd.h"

namespace nfv {

Result<NotifyAddress> notify_address(std::string_view value) {
  NotifyAddress result;
  result.address.sun_family = AF_UNIX;
  bool abstract = !value.empty() && value.front() == '@';
  if (value.size() < 2 || (!abstract && value.front() != '/')) {
    return make_error(
        "NOTIFY_SOCKET '{}': expected an absolute path or @name (set by the service manager)",
        value);
  }
  if (value.size() >= sizeof(result.address.sun_path)) {
    return make_error("NOTIFY_SOCKET '{}' is {} bytes; unix sockets allow {}", value, value.size(),
                      sizeof(result.address.sun_path) - 1);
  }
  std::memcpy(result.address.sun_path, value.data(), value.size());
  if (abstract) result.address.sun_path[0] = '\0';  // the name is the bytes after the NUL
  // An abstract name is exactly its length: no terminating NUL may be counted.
  result.length =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + value.size() + (abstract ? 0 : 1));
  return result;
}

std::string ready_message(std::string_view status) {
  std::string message = "READY=1";
  if (!status.empty()) message += "\nSTATUS=" + std::string(status);
  return message;
}

ServiceNotifier ServiceNotifier::from_environment() {
  const char* value = std::getenv("NOTIFY_SOCKET");
  ServiceNotifier notifier(value ? value : "");
  ::unsetenv("NOTIFY_SOCKET");
  return notifier;
}

Status ServiceNotifier::send(std::string_view message) const {
  if (socket_.empty()) return make_error("no NOTIFY_SOCKET: no service manager to notify");
  auto address = notify_address(socket_);
  if (!address) return std::move(address).error();
  UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return make_error("NOTIFY_SOCKET: socket(): {}", std::strerror(errno));
  ssize_t sent = ::sendto(fd.get(), message.data(), message.size(), MSG_NOSIGNAL,
                          reinterpret_cast<const sockaddr*>(&address->address), address->length);
  if (sent != static_cast<ssize_t>(message.size())) {
    return make_error("NOTIFY_SOCKET {}: send: {}", socket_,
                      sent < 0 ? std::strerror(errno) : "short datagram");
  }
  return {};
}

void ServiceNotifier::announce(std::string_view message) const {
  if (!enabled()) return;
  if (auto sent = send(message); !sent) {
    log::warning("{} not sent to the service manager: {}", message.substr(0, message.find('\n')),
                 sent.error().message);
  }
}

}  // namespace nfv
