// JSON-RPC 2.0 dispatch: binds each method of switch_api.h to a handler, checks the
// api.hello handshake, decodes params (errors name the field) and encodes results.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <type_traits>

#include "nfv/api/jsonrpc.h"
#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"

namespace nfv::dp {

struct RpcSession {
  bool greeted = false;
  std::string client;
};

class RpcDispatcher {
 public:
  RpcDispatcher();

  // handler: const P& -> Result<R> (or Status when R is api::Empty).
  template <typename P, typename R, typename F>
  void add(const api::Method<P, R>& method, F handler) {
    handlers_[std::string(method.name)] = [handler, name = method.name](
                                              const api::json& params) -> Result<api::json> {
      auto decoded = api::from_wire<P>(params);
      if (!decoded) {
        return Error{std::string(name) + ": " + decoded.error().message,
                     static_cast<int>(api::ErrorCode::kInvalidParams)};
      }
      auto result = handler(*decoded);
      if (!result) return std::move(result).error();
      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(result)>, Status>) {
        return api::json::object();
      } else {
        return api::to_wire(*result);
      }
    };
  }

  // One request line in, one response out (null for a notification: a request without id).
  api::json handle(const std::string& line, RpcSession& session);
  // Methods of switch_api.h that have no handler (a completeness check for tests).
  std::vector<std::string> unbound_methods() const;

 private:
  std::map<std::string, std::function<Result<api::json>(const api::json&)>> handlers_;
};

}  // namespace nfv::dp
