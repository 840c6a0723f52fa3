// Readiness and status for a service manager: systemd's notify protocol (Type=notify), one
// datagram of "KEY=value" lines to the unix socket named by $NOTIFY_SOCKET. Without that
// variable, or when a send fails, nothing happens: a daemon runs the same in the foreground,
// in a container or under systemd, and a notification never stops it.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>

#include <string>
#include <string_view>

#include "nfv/common/result.h"

namespace nfv {

// The socket address of a $NOTIFY_SOCKET value: an absolute path, or "@name" for the abstract
// namespace. An empty, relative or too long value is an error naming it.
struct NotifyAddress {
  sockaddr_un address{};
  socklen_t length = 0;
};
Result<NotifyAddress> notify_address(std::string_view value);

// "READY=1\nSTATUS=<status>" (status omitted when empty).
std::string ready_message(std::string_view status);

class ServiceNotifier {
 public:
  // Reads $NOTIFY_SOCKET and removes it from the environment: processes this one starts
  // (nfvd starts nfv-switch) must not speak for its service.
  static ServiceNotifier from_environment();
  explicit ServiceNotifier(std::string socket) : socket_(std::move(socket)) {}

  bool enabled() const { return !socket_.empty(); }
  // One datagram; an error when there is no socket or the send fails.
  Status send(std::string_view message) const;
  // Sent when a service manager listens; a failed send is logged as a warning (the manager
  // would wait for READY=1 in vain) and the daemon goes on.
  void ready(std::string_view status) const { announce(ready_message(status)); }
  void status(std::string_view text) const { announce("STATUS=" + std::string(text)); }
  void stopping() const { announce("STOPPING=1"); }

 private:
  void announce(std::string_view message) const;

  std::string socket_;  // "": no service manager listens
};

}  // namespace nfv
