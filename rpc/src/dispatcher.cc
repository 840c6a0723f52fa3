#include "nfv/rpc/dispatcher.h"

#include <unistd.h>

#include "nfv/common/log.h"
#include "nfv/rpc/nesting.h"

namespace nfv::rpc {

using api::ErrorCode;
using api::json;

namespace {

Error rpc_error(ErrorCode code, std::string message) {
  return Error{std::move(message), static_cast<int>(code)};
}

}  // namespace

Dispatcher::Dispatcher(ServerIdentity identity, size_t max_nesting_depth)
    : identity_(std::move(identity)), max_nesting_depth_(max_nesting_depth) {}

json Dispatcher::handle(const std::string& line, Session& session) {
  // The parser recurses once per level: a deep request must be refused before it runs.
  if (json_nesting_depth(line, max_nesting_depth_) > max_nesting_depth_) {
    return api::make_error_response(
        nullptr, ErrorCode::kInvalidRequest,
        fmt::format("request nests arrays and objects deeper than {} levels, this server's limit",
                    max_nesting_depth_));
  }
  json request = json::parse(line, nullptr, false);
  if (request.is_discarded()) {
    return api::make_error_response(nullptr, ErrorCode::kParseError,
                                    "request is not valid JSON (one JSON-RPC object per line)");
  }
  if (!request.is_object()) {
    return api::make_error_response(nullptr, ErrorCode::kInvalidRequest,
                                    "request must be a JSON object");
  }
  json id = request.contains("id") ? request["id"] : json();
  bool notification = !request.contains("id");
  auto reply_error = [&](ErrorCode code, const std::string& message) -> json {
    return notification ? json() : api::make_error_response(id, code, message);
  };
  if (request.value("jsonrpc", json()) != "2.0") {
    return reply_error(ErrorCode::kInvalidRequest, "\"jsonrpc\" must be \"2.0\"");
  }
  if (!id.is_null() && !id.is_number_integer() && !id.is_string()) {
    return api::make_error_response(nullptr, ErrorCode::kInvalidRequest,
                                    "\"id\" must be an integer or a string");
  }
  auto method_it = request.find("method");
  if (method_it == request.end() || !method_it->is_string()) {
    return reply_error(ErrorCode::kInvalidRequest, "\"method\" must be a string");
  }
  std::string method = *method_it;
  json params = request.value("params", json::object());
  if (!params.is_object() && !params.is_null()) {
    return reply_error(ErrorCode::kInvalidParams,
                       method + ": params must be an object (by-name parameters)");
  }
  Result<json> result = [&]() -> Result<json> {
    if (method == api::kHello.name) return hello(params, session);
    if (!session.greeted) {
      return rpc_error(
          ErrorCode::kHandshakeRequired,
          fmt::format("call api.hello with api_version {} before {}", api::kApiVersion, method));
    }
    return call(method, params);
  }();
  if (!result) {
    auto code =
        result.error().code != 0 ? static_cast<ErrorCode>(result.error().code) : ErrorCode::kFailed;
    log::debug("{} from {}: error: {}", method, session.client, result.error().message);
    return reply_error(code, result.error().message);
  }
  return notification ? json() : api::make_result_response(id, std::move(result).value());
}

Result<json> Dispatcher::hello(const json& params, Session& session) const {
  auto hello = api::from_wire<api::HelloParams>(params);
  if (!hello) {
    return rpc_error(ErrorCode::kInvalidParams, "api.hello: " + hello.error().message);
  }
  if (hello->api_version != api::kApiVersion) {
    return rpc_error(
        ErrorCode::kVersionMismatch,
        fmt::format("API version mismatch: client '{}' speaks version {}, this {} "
                    "speaks version {}; use matching builds",
                    hello->client, hello->api_version, identity_.name, api::kApiVersion));
  }
  session.greeted = true;
  session.client = hello->client;
  return api::to_wire(
      api::HelloResult{api::kApiVersion, identity_.name, identity_.version, ::getpid()});
}

Result<json> Dispatcher::call(const std::string& method, const json& params) const {
  auto handler = handlers_.find(method);
  if (handler == handlers_.end()) {
    return rpc_error(ErrorCode::kMethodNotFound,
                     fmt::format("unknown method '{}' (API version {})", method, api::kApiVersion));
  }
  // A handler's failure is the caller's error reply, never the end of the server.
  try {
    return handler->second(params);
  } catch (const std::exception& e) {
    return rpc_error(ErrorCode::kInternalError, method + ": internal error: " + e.what());
  } catch (...) {
    return rpc_error(ErrorCode::kInternalError, method + ": internal error (unknown exception)");
  }
}

void Dispatcher::note_if_unbound(std::string_view name, std::vector<std::string>& missing) const {
  if (name != api::kHello.name && handlers_.count(std::string(name)) == 0) {
    missing.emplace_back(name);
  }
}

}  // namespace nfv::rpc
