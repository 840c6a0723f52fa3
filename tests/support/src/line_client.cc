#include "nfv/testing/line_client.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include "nfv/api/switch_api.h"
#include "nfv/testing/unix_sockets.h"

namespace nfv::testing {

Result<LineClient> LineClient::connect(const std::string& socket_path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return make_error("socket(): {}", std::strerror(errno));
  sockaddr_un addr = unix_address(socket_path);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    return make_error("connect to {}: {}", socket_path, std::strerror(errno));
  }
  return LineClient(std::move(fd));
}

Status LineClient::send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error("send: {}", std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

bool LineClient::fill(Clock::time_point deadline) {
  if (closed_) return false;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  pollfd pfd{fd_.get(), POLLIN, 0};
  int ready = ::poll(&pfd, 1, static_cast<int>(std::max<int64_t>(left.count(), 0)));
  if (ready <= 0) return false;
  char chunk[65536];
  ssize_t n = ::recv(fd_.get(), chunk, sizeof(chunk), MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
  if (n <= 0) {  // end of stream, or reset by a server that closed with requests unread
    closed_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<size_t>(n));
  bytes_received_ += static_cast<size_t>(n);
  return true;
}

std::optional<std::string> LineClient::read_line(Clock::time_point deadline) {
  size_t newline;
  while ((newline = buffer_.find('\n')) == std::string::npos) {
    if (!fill(deadline) && (closed_ || Clock::now() >= deadline)) return std::nullopt;
  }
  std::string line = buffer_.substr(0, newline);
  buffer_.erase(0, newline + 1);
  return line;
}

bool LineClient::wait_closed(Clock::time_point deadline) {
  while (!closed_) {
    buffer_.clear();
    if (!fill(deadline) && !closed_ && Clock::now() >= deadline) return false;
  }
  return true;
}

void LineClient::shutdown_write() { ::shutdown(fd_.get(), SHUT_WR); }

std::string LineClient::request(int64_t id, std::string_view method, std::string_view params) {
  return fmt::format(R"({{"jsonrpc":"2.0","id":{},"method":"{}","params":{}}})", id, method,
                     params) +
         "\n";
}

std::string LineClient::hello(int64_t id) {
  return request(id, "api.hello",
                 fmt::format(R"({{"api_version":{},"client":"test"}})", api::kApiVersion));
}

}  // namespace nfv::testing
