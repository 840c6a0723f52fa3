// JSON-RPC 2.0 dispatch: binds methods of the wire contract (api::Method descriptors) to
// handlers, answers the api.hello handshake (API version check) with the server's identity,
// decodes params (errors name the field) and encodes results.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "nfv/api/jsonrpc.h"
#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"
#include "nfv/rpc/session.h"

namespace nfv::rpc {

// Who answers api.hello: e.g. {"nfv-switch", "0.1.0"}.
struct ServerIdentity {
  std::string name;
  std::string version;
};

// Requests that nest arrays and objects deeper are refused before they are parsed.
inline constexpr size_t kMaxNestingDepth = 64;

class Dispatcher {
 public:
  explicit Dispatcher(ServerIdentity identity, size_t max_nesting_depth = kMaxNestingDepth);

  // handler: const P& -> Result<R> (or Status when R is api::Empty).
  template <typename P, typename R, typename F>
  void add(const api::Method<P, R>& method, F handler) {
    handlers_[std::string(method.name)] =
        [handler, name = method.name](const api::json& params) -> Result<api::json> {
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
  // Any bytes are safe: malformed, too deep or failing requests get an error response.
  api::json handle(const std::string& line, Session& session);

  // The methods of `methods` (a tuple of api::Method, e.g. api::kAllMethods) that have no
  // handler; api.hello is the dispatcher's own. A completeness check for tests.
  template <typename... M>
  std::vector<std::string> unbound_methods(const std::tuple<M...>& methods) const {
    std::vector<std::string> missing;
    std::apply([&](const auto&... method) { (note_if_unbound(method.name, missing), ...); },
               methods);
    return missing;
  }

  const ServerIdentity& identity() const { return identity_; }

 private:
  using Handler = std::function<Result<api::json>(const api::json&)>;
  void note_if_unbound(std::string_view name, std::vector<std::string>& missing) const;
  Result<api::json> hello(const api::json& params, Session& session) const;
  Result<api::json> call(const std::string& method, const api::json& params) const;

  ServerIdentity identity_;
  size_t max_nesting_depth_;
  std::map<std::string, Handler> handlers_;
};

}  // namespace nfv::rpc
