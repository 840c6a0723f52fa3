#include "nfv/dataplane/rpc_dispatcher.h"

#include <unistd.h>

#include "nfv/common/log.h"

namespace nfv::dp {

using api::ErrorCode;
using api::json;

RpcDispatcher::RpcDispatcher() = default;

json RpcDispatcher::handle(const std::string& line, RpcSession& session) {
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

  if (method == api::kHello.name) {
    auto hello = api::from_wire<api::HelloParams>(params);
    if (!hello) {
      return reply_error(ErrorCode::kInvalidParams, "api.hello: " + hello.error().message);
    }
    if (hello->api_version != api::kApiVersion) {
      return reply_error(ErrorCode::kVersionMismatch,
                         fmt::format("API version mismatch: client '{}' speaks version {}, this "
                                     "nfv-switch speaks version {}; use matching builds",
                                     hello->client, hello->api_version, api::kApiVersion));
    }
    session.greeted = true;
    session.client = hello->client;
    api::HelloResult result{api::kApiVersion, "nfv-switch", NFV_VERSION, getpid()};
    return notification ? json() : api::make_result_response(id, api::to_wire(result));
  }
  if (!session.greeted) {
    return reply_error(ErrorCode::kHandshakeRequired,
                       fmt::format("call api.hello with api_version {} before {}",
                                   api::kApiVersion, method));
  }
  auto handler = handlers_.find(method);
  if (handler == handlers_.end()) {
    return reply_error(ErrorCode::kMethodNotFound,
                       fmt::format("unknown method '{}' (API version {})", method,
                                   api::kApiVersion));
  }
  Result<json> result = [&]() -> Result<json> {
    try {
      return handler->second(params);
    } catch (const std::exception& e) {
      return Error{method + ": internal error: " + e.what(),
                   static_cast<int>(ErrorCode::kInternalError)};
    }
  }();
  if (!result) {
    auto code = result.error().code != 0 ? static_cast<ErrorCode>(result.error().code)
                                         : ErrorCode::kFailed;
    log::debug("{} from {}: error: {}", method, session.client, result.error().message);
    return reply_error(code, result.error().message);
  }
  return notification ? json() : api::make_result_response(id, std::move(result).value());
}

std::vector<std::string> RpcDispatcher::unbound_methods() const {
  std::vector<std::string> missing;
  std::apply(
      [&](const auto&... method) {
        auto check = [&](const auto& m) {
          if (m.name != api::kHello.name && handlers_.count(std::string(m.name)) == 0) {
            missing.emplace_back(m.name);
          }
        };
        (check(method), ...);
      },
      api::kAllMethods);
  return missing;
}

}  // namespace nfv::dp
