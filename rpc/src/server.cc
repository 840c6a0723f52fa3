#include "nfv/rpc/server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include "nfv/api/jsonrpc.h"
#include "nfv/common/log.h"
#include "nfv/common/socket_file.h"

namespace nfv::rpc {
namespace {

constexpr size_t kMaxClients = 64;

}  // namespace

Result<std::unique_ptr<Server>> Server::listen(const std::string& path, const std::string& group,
                                               Dispatcher* dispatcher) {
  NFV_TRY(prepare_server_path(path));  // refuses a live socket, removes a stale one
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) return make_error("control socket: socket(): {}", std::strerror(errno));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    return make_error("control socket {}: bind failed: {}", path, std::strerror(errno));
  }
  std::unique_ptr<Server> server(new Server(path, std::move(fd), dispatcher));
  NFV_TRY(apply_ownership(path, "", group, 0660));
  if (::listen(server->listen_fd_.get(), 16) != 0) {
    return make_error("control socket {}: listen failed: {}", path, std::strerror(errno));
  }
  return server;
}

Server::~Server() {
  clients_.clear();
  listen_fd_.reset();
  ::unlink(path_.c_str());
}

void Server::serve(int stop_fd) {
  while (true) {
    std::vector<pollfd> fds;
    fds.push_back({stop_fd, POLLIN, 0});
    fds.push_back({listen_fd_.get(), POLLIN, 0});
    for (auto& client : clients_) {
      short events = POLLIN;
      if (!client->out.empty()) events |= POLLOUT;
      fds.push_back({client->fd.get(), events, 0});
    }
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      log::error("control socket: poll failed: {}", std::strerror(errno));
      return;
    }
    if (fds[0].revents != 0) return;
    size_t polled = clients_.size();
    if (fds[1].revents & POLLIN) accept_clients();
    std::vector<std::unique_ptr<Client>> kept;
    for (size_t i = 0; i < clients_.size(); ++i) {
      auto& client = clients_[i];
      bool alive = true;
      if (i < polled) {
        short revents = fds[i + 2].revents;
        if (revents & (POLLIN | POLLHUP | POLLERR)) alive = read_client(*client);
        if (alive && !client->out.empty()) alive = write_client(*client);
      }
      if (alive) kept.push_back(std::move(client));
    }
    clients_ = std::move(kept);
  }
}

void Server::accept_clients() {
  while (true) {
    UniqueFd fd(::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
    if (!fd.valid()) return;
    if (clients_.size() >= kMaxClients) {
      log::warning("control socket: refusing a client, {} are connected already", kMaxClients);
      continue;
    }
    auto client = std::make_unique<Client>();
    client->fd = std::move(fd);
    clients_.push_back(std::move(client));
  }
}

bool Server::read_client(Client& client) {
  char chunk[65536];
  while (true) {
    ssize_t n = ::recv(client.fd.get(), chunk, sizeof(chunk), 0);
    if (n == 0) return false;
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno == EINTR) continue;
      return false;
    }
    client.in.append(chunk, static_cast<size_t>(n));
    size_t newline;
    while ((newline = client.in.find('\n')) != std::string::npos) {
      std::string line = client.in.substr(0, newline);
      client.in.erase(0, newline + 1);
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      api::json response = dispatcher_->handle(line, client.session);
      if (!response.is_null()) client.out += response.dump() + "\n";
    }
    if (client.in.size() > api::kMaxMessageBytes) {
      client.out += api::make_error_response(nullptr, api::ErrorCode::kInvalidRequest,
                                             "request longer than 1 MiB without a newline")
                        .dump() +
                    "\n";
      write_client(client);
      return false;
    }
  }
  return true;
}

bool Server::write_client(Client& client) {
  while (!client.out.empty()) {
    ssize_t n = ::send(client.fd.get(), client.out.data(), client.out.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
      if (errno == EINTR) continue;
      return false;
    }
    client.out.erase(0, static_cast<size_t>(n));
  }
  return true;
}

}  // namespace nfv::rpc
