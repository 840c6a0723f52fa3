// The control socket: a unix stream socket (mode 0660, group configurable) speaking
// newline-delimited JSON-RPC 2.0 to a Dispatcher, served from one thread with poll(2).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/common/unique_fd.h"
#include "nfv/rpc/dispatcher.h"
#include "nfv/rpc/session.h"

namespace nfv::rpc {

class Server {
 public:
  // Refuses a path something listens on, removes a stale socket file, binds and listens.
  static Result<std::unique_ptr<Server>> listen(const std::string& path, const std::string& group,
                                                Dispatcher* dispatcher);
  ~Server();  // closes every connection and removes the socket file

  // Serves requests until `stop_fd` becomes readable.
  void serve(int stop_fd);

 private:
  struct Client {
    UniqueFd fd;
    std::string in;
    std::string out;
    Session session;
  };
  Server(std::string path, UniqueFd fd, Dispatcher* dispatcher)
      : path_(std::move(path)), listen_fd_(std::move(fd)), dispatcher_(dispatcher) {}
  void accept_clients();
  bool read_client(Client& client);   // false: close it
  bool write_client(Client& client);  // false: close it

  std::string path_;
  UniqueFd listen_fd_;
  Dispatcher* dispatcher_;
  std::vector<std::unique_ptr<Client>> clients_;
};

}  // namespace nfv::rpc
