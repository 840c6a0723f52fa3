// What the server knows about one connection: whether it completed the api.hello handshake,
// and the client's name (for logs).
#pragma once

#include <string>

namespace nfv::rpc {

struct Session {
  bool greeted = false;
  std::string client;
};

}  // namespace nfv::rpc
