// JSON-RPC 2.0 as spoken on the nfv-switch control socket.
// Framing: one JSON object per line ("\n"-terminated, UTF-8), on a unix stream socket.
// A client calls "api.hello" with its API version first; see switch_api.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "nfv/api/fields.h"

namespace nfv::api {

enum class ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kFailed = -32000,             // the operation was valid but the system refused it
  kNotFound = -32001,           // named object (port, bridge, MAC) does not exist
  kAlreadyExists = -32002,      // named object exists and exist_ok was not given
  kBusy = -32003,               // object in use (bridge with ports, ...)
  kResourceExhausted = -32004,  // table full, too many ports, no mbufs
  kVersionMismatch = -32005,    // client and server API versions differ
  kHandshakeRequired = -32006,  // a method was called before api.hello
  kUnsupported = -32007,        // not available in this build or mode
};

std::string_view error_code_name(ErrorCode code);

inline constexpr size_t kMaxMessageBytes = 1 << 20;

json make_request(int64_t id, std::string_view method, json params);
json make_result_response(const json& id, json result);
json make_error_response(const json& id, ErrorCode code, std::string_view message);

// A failed call as the client sees it.
struct RpcError {
  ErrorCode code = ErrorCode::kInternalError;
  std::string message;
};

}  // namespace nfv::api
