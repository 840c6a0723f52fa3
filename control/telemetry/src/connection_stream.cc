#include "connection_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace nfv::telemetry {
namespace {

using Clock = ConnectionStream::Clock;

// Polls sock for events until deadline; true when ready (or hung up: the next call says so).
bool ready_before(socket_t sock, short events, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd entry{.fd = sock, .events = events, .revents = 0};
    int ready = ::poll(&entry, 1, static_cast<int>(left.count()));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

void endpoint_of(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof(text));
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof(text));
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

}  // namespace

bool ConnectionStream::await_request(Clock::duration idle) {
  if (buffered()) return true;
  return ready_before(sock_, POLLIN, Clock::now() + idle) && fill() > 0;
}

void ConnectionStream::start_request() {
  request_deadline_ = Clock::now() + limits_.request_time;
  response_deadline_.reset();
  request_bytes_ = 0;
}

bool ConnectionStream::is_readable() const {
  return buffered() || ready_before(sock_, POLLIN, request_deadline_);
}

bool ConnectionStream::is_writable() const {
  return ready_before(sock_, POLLOUT, response_deadline());
}

Clock::time_point ConnectionStream::response_deadline() const {
  if (!response_deadline_) response_deadline_ = Clock::now() + limits_.response_time;
  return *response_deadline_;
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (request_bytes_ >= limits_.request_bytes) {
    exhausted_ = true;
    return -1;
  }
  if (!buffered()) {
    if (!ready_before(sock_, POLLIN, request_deadline_)) {
      exhausted_ = true;
      return -1;
    }
    if (ssize_t received = fill(); received <= 0) return received;
  }
  size_t count = std::min({size, end_ - begin_, limits_.request_bytes - request_bytes_});
  std::memcpy(ptr, buffer_.data() + begin_, count);
  begin_ += count;
  request_bytes_ += count;
  return static_cast<ssize_t>(count);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  for (;;) {
    if (!ready_before(sock_, POLLOUT, response_deadline())) {
      exhausted_ = true;
      return -1;
    }
    ssize_t sent = ::send(sock_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return sent;
  }
}

ssize_t ConnectionStream::fill() {
  begin_ = end_ = 0;
  for (;;) {
    ssize_t received = ::recv(sock_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
    if (received >= 0) {
      end_ = static_cast<size_t>(received);
      return received;
    }
    // Readiness can be spurious; the next poll waits again within the deadline.
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (!ready_before(sock_, POLLIN, request_deadline_)) return -1;
    } else if (errno != EINTR) {
      return -1;
    }
  }
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    endpoint_of(address, ip, port);
  }
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    endpoint_of(address, ip, port);
  }
}

}  // namespace nfv::telemetry
