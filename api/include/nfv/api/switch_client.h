// Client side of the nfv-switch control socket: connect, say hello with our API version,
// then make typed calls. Used by nfvctl, nfvd and the end-to-end tests.
#pragma once

#include <chrono>
#include <string>

#include "nfv/api/jsonrpc.h"
#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"
#include "nfv/common/unique_fd.h"

namespace nfv::api {

class SwitchClient {
 public:
  // Connects and performs the api.hello handshake; a version mismatch is an error that
  // names both versions.
  static Result<SwitchClient> connect(const std::string& socket_path,
                                      const std::string& client_name,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Error.code carries the JSON-RPC error code (ErrorCode) for failed calls.
  Result<json> call_raw(std::string_view method, const json& params);

  template <typename P, typename R>
  Result<R> call(const Method<P, R>& method, const P& params = P{}) {
    auto raw = call_raw(method.name, to_wire(params));
    if (!raw) return std::move(raw).error();
    return from_wire<R>(*raw, std::string(method.name) + " result");
  }

  const HelloResult& server() const { return server_; }

 private:
  SwitchClient(UniqueFd fd, std::string socket_path, std::chrono::milliseconds timeout)
      : fd_(std::move(fd)), socket_path_(std::move(socket_path)), timeout_(timeout) {}
  Result<std::string> read_line();

  UniqueFd fd_;
  std::string socket_path_;
  std::chrono::milliseconds timeout_;
  std::string buffer_;
  int64_t next_id_ = 1;
  HelloResult server_;
};

}  // namespace nfv::api
