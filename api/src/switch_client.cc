#include "nfv/api/switch_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

namespace nfv::api {

Result<SwitchClient> SwitchClient::connect(const std::string& socket_path,
                                           const std::string& client_name,
                                           std::chrono::milliseconds timeout) {
  sockaddr_un addr{};
  if (socket_path.size() >= sizeof(addr.sun_path)) {
    return make_error("control socket path '{}' is longer than {} bytes", socket_path,
                      sizeof(addr.sun_path) - 1);
  }
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return make_error("socket(): {}", std::strerror(errno));
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int err = errno;
    return make_error_code(err,
                           "cannot connect to nfv-switch at {}: {} (is nfv-switch running? "
                           "pass its --control-socket path)",
                           socket_path, std::strerror(err));
  }
  SwitchClient client(std::move(fd), socket_path, timeout);
  auto hello = client.call(kHello, HelloParams{kApiVersion, client_name});
  if (!hello) return std::move(hello).error();
  client.server_ = std::move(hello).value();
  return client;
}

Result<std::string> SwitchClient::read_line() {
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  while (true) {
    auto newline = buffer_.find('\n');
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return make_error("nfv-switch at {} did not answer within {} ms", socket_path_,
                        timeout_.count());
    }
    pollfd pfd{fd_.get(), POLLIN, 0};
    int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return make_error("poll(): {}", std::strerror(errno));
    if (ready <= 0) continue;
    char chunk[65536];
    ssize_t n = ::recv(fd_.get(), chunk, sizeof(chunk), 0);
    if (n == 0) return make_error("nfv-switch at {} closed the connection", socket_path_);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return make_error("reading from nfv-switch at {}: {}", socket_path_, std::strerror(errno));
    }
    buffer_.append(chunk, static_cast<size_t>(n));
    if (buffer_.size() > kMaxMessageBytes * 64) {
      return make_error("nfv-switch at {} sent an oversized answer", socket_path_);
    }
  }
}

Result<json> SwitchClient::call_raw(std::string_view method, const json& params) {
  int64_t id = next_id_++;
  std::string text = make_request(id, method, params).dump() + "\n";
  size_t sent = 0;
  while (sent < text.size()) {
    ssize_t n = ::send(fd_.get(), text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error("sending to nfv-switch at {}: {}", socket_path_, std::strerror(errno));
    }
    sent += static_cast<size_t>(n);
  }
  while (true) {
    auto line = read_line();
    if (!line) return std::move(line).error();
    json response = json::parse(*line, nullptr, false);
    if (response.is_discarded() || !response.is_object()) {
      return make_error("nfv-switch sent a malformed response: {}", line->substr(0, 200));
    }
    if (response.value("id", json()) != json(id)) continue;  // not ours (stale)
    if (auto error = response.find("error"); error != response.end()) {
      int code = error->value("code", static_cast<int>(ErrorCode::kInternalError));
      return make_error_code(code, "{}", error->value("message", std::string("unknown error")));
    }
    return response.value("result", json::object());
  }
}

}  // namespace nfv::api
