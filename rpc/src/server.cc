#include "nfv/rpc/server.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>

#include "connection.h"
#include "nfv/api/jsonrpc.h"
#include "nfv/common/log.h"
#include "nfv/common/socket_file.h"
#include "nfv/rpc/reply.h"

namespace nfv::rpc {
namespace {

using api::ErrorCode;
using namespace std::chrono_literals;

constexpr int kListenBacklog = 128;
constexpr auto kAcceptRetry = 100ms;  // after running out of file descriptors

std::string error_line(ErrorCode code, const std::string& message) {
  return encode_reply(api::make_error_response(nullptr, code, message), SIZE_MAX);
}

std::string client_name(Connection& client) {
  return client.session().client.empty() ? std::string("(before api.hello)")
                                         : "'" + client.session().client + "'";
}

double seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

// The connection is closed once this returns: the notice is sent if the socket takes it.
void say_goodbye(Connection& client, ErrorCode code, const std::string& message,
                 Clock::time_point now) {
  client.queue(error_line(code, message));
  (void)client.flush(now);
}

}  // namespace

Result<std::unique_ptr<Server>> Server::listen(const std::string& path, const std::string& group,
                                               Dispatcher* dispatcher, ServerLimits limits) {
  NFV_TRY(validate(limits));
  NFV_TRY(prepare_server_path(path));  // refuses a live socket, removes a stale one
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) return make_error("control socket: socket(): {}", std::strerror(errno));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    return make_error("control socket {}: bind failed: {}", path, std::strerror(errno));
  }
  std::unique_ptr<Server> server(new Server(path, std::move(fd), dispatcher, limits));
  NFV_TRY(apply_ownership(path, "", group, 0660));
  if (::listen(server->listen_fd_.get(), kListenBacklog) != 0) {
    return make_error("control socket {}: listen failed: {}", path, std::strerror(errno));
  }
  return server;
}

Server::Server(std::string path, UniqueFd fd, Dispatcher* dispatcher, ServerLimits limits)
    : path_(std::move(path)), listen_fd_(std::move(fd)), dispatcher_(dispatcher), limits_(limits) {}

Server::~Server() {
  clients_.clear();
  listen_fd_.reset();
  ::unlink(path_.c_str());
}

void Server::serve(int stop_fd) {
  std::vector<pollfd> fds;
  while (true) {
    auto now = Clock::now();
    fds.clear();
    fds.push_back({stop_fd, POLLIN, 0});
    short accepting = now >= accept_paused_until_ ? POLLIN : 0;
    fds.push_back({listen_fd_.get(), accepting, 0});
    for (const auto& client : clients_) fds.push_back({client->fd(), client->poll_events(), 0});
    size_t first_watch = fds.size();
    for (const Watch& watch : watches_) fds.push_back({watch.fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), poll_timeout_ms(now)) < 0) {
      if (errno == EINTR) continue;
      log::error("control socket: poll failed: {}", std::strerror(errno));
      return;
    }
    if (fds[0].revents != 0) return;
    now = Clock::now();
    for (size_t i = 0; i < clients_.size(); ++i) {
      if (!serve_client(*clients_[i], fds[i + 2].revents, now)) clients_[i].reset();
    }
    std::erase(clients_, nullptr);
    close_idle_clients(now);
    if (fds[1].revents & POLLIN) accept_clients(now);
    run_watches(fds, first_watch);
    run_due_timers(Clock::now());
  }
}

int Server::poll_timeout_ms(Clock::time_point now) const {
  std::optional<Clock::time_point> wake;
  auto earliest = [&](Clock::time_point t) { wake = wake ? std::min(*wake, t) : t; };
  for (const auto& client : clients_) {
    if (client->has_request()) return 0;  // requests left over from the last round
    earliest(client->last_activity() + limits_.idle_timeout);
  }
  if (now < accept_paused_until_) earliest(accept_paused_until_);
  for (const Timer& timer : timers_) earliest(timer.when);
  if (!wake) return -1;
  if (*wake <= now) return 0;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(*wake - now).count();
  return static_cast<int>(std::min<decltype(ms)>(ms, INT_MAX));
}

bool Server::serve_client(Connection& client, short revents, Clock::time_point now) {
  if ((revents & (POLLIN | POLLHUP | POLLERR)) && !client.receive(now)) return false;
  serve_requests(client, now);
  if (client.pending_output() > 0 && !client.flush(now)) return false;
  if (client.pending_output() > limits_.max_pending_output_bytes) {
    log::warning(
        "control socket: closing client {}: {} bytes of replies unread, over the limit of {}; "
        "it sends requests but does not read the replies",
        client_name(client), client.pending_output(), limits_.max_pending_output_bytes);
    return false;
  }
  return !client.done();
}

void Server::serve_requests(Connection& client, Clock::time_point now) {
  // A fixed share per round: a client that pipelines thousands of requests waits its turn.
  for (size_t served = 0; served < limits_.requests_per_round; ++served) {
    auto line = client.next_request();
    if (!line) return;
    std::string reply = answer(*line, client);
    if (!reply.empty()) client.queue(reply);
    client.touch(now);
  }
}

std::string Server::answer(const RequestLine& line, Connection& client) {
  if (line.oversized) {
    return error_line(ErrorCode::kInvalidRequest,
                      fmt::format("request line longer than {} bytes, this server's limit; it was "
                                  "skipped: send one JSON-RPC object per line, at most {} bytes",
                                  limits_.max_request_bytes, limits_.max_request_bytes));
  }
  if (line.text.find_first_not_of(" \t\r") == std::string::npos) return {};
  try {
    api::json response = dispatcher_->handle(line.text, client.session());
    return response.is_null() ? std::string() : encode_reply(response, limits_.max_reply_bytes);
  } catch (const std::exception& e) {
    log::error("control socket: request from {} failed: {}", client_name(client), e.what());
    return error_line(ErrorCode::kInternalError,
                      fmt::format("internal error while serving the request: {}", e.what()));
  } catch (...) {
    log::error("control socket: request from {} failed", client_name(client));
    return error_line(ErrorCode::kInternalError, "internal error while serving the request");
  }
}

void Server::close_idle_clients(Clock::time_point now) {
  std::erase_if(clients_, [&](const std::unique_ptr<Connection>& client) {
    if (now - client->last_activity() < limits_.idle_timeout) return false;
    log::info("control socket: closing client {}: idle for {:.1f} s", client_name(*client),
              seconds(now - client->last_activity()));
    say_goodbye(*client, ErrorCode::kResourceExhausted,
                fmt::format("closing this connection: nothing sent or read for {:g} s (the "
                            "control socket's idle timeout); reconnect when needed",
                            seconds(limits_.idle_timeout)),
                now);
    return true;
  });
}

void Server::accept_clients(Clock::time_point now) {
  // At most one table's worth per round, so a connection flood cannot hold the loop.
  for (size_t accepted = 0; accepted < limits_.max_clients; ++accepted) {
    UniqueFd fd(::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
    if (!fd.valid()) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        log::warning("control socket: cannot accept a client: {}; retrying shortly",
                     std::strerror(errno));
        accept_paused_until_ = now + kAcceptRetry;
      }
      return;
    }
    if (clients_.size() >= limits_.max_clients) evict_longest_idle(now);
    clients_.push_back(std::make_unique<Connection>(std::move(fd), limits_, now));
  }
}

void Server::evict_longest_idle(Clock::time_point now) {
  // The new connection may be an operator's: it is served, the quietest one makes room.
  auto oldest = std::min_element(clients_.begin(), clients_.end(), [](auto& a, auto& b) {
    return a->last_activity() < b->last_activity();
  });
  if (oldest == clients_.end()) return;
  Connection& client = **oldest;
  log::warning(
      "control socket: {} clients connected (the limit); closing client {}, idle for "
      "{:.1f} s, to serve a new one",
      clients_.size(), client_name(client), seconds(now - client.last_activity()));
  say_goodbye(client, ErrorCode::kResourceExhausted,
              fmt::format("closing this connection: all {} connections of the control socket "
                          "are in use and this one was idle the longest ({:.1f} s); reconnect "
                          "when needed",
                          limits_.max_clients, seconds(now - client.last_activity())),
              now);
  clients_.erase(oldest);
}

}  // namespace nfv::rpc
