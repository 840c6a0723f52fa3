#include "nfv/api/jsonrpc.h"

namespace nfv::api {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kParseError: return "parse error";
    case ErrorCode::kInvalidRequest: return "invalid request";
    case ErrorCode::kMethodNotFound: return "method not found";
    case ErrorCode::kInvalidParams: return "invalid params";
    case ErrorCode::kInternalError: return "internal error";
    case ErrorCode::kFailed: return "failed";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kAlreadyExists: return "already exists";
    case ErrorCode::kBusy: return "busy";
    case ErrorCode::kResourceExhausted: return "resource exhausted";
    case ErrorCode::kVersionMismatch: return "version mismatch";
    case ErrorCode::kHandshakeRequired: return "handshake required";
    case ErrorCode::kUnsupported: return "unsupported";
  }
  return "error";
}

json make_request(int64_t id, std::string_view method, json params) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

json make_result_response(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error_response(const json& id, ErrorCode code, std::string_view message) {
  return json{{"jsonrpc", "2.0"},
              {"id", id},
              {"error", {{"code", static_cast<int>(code)}, {"message", message}}}};
}

}  // namespace nfv::api
