// Errors of the control API: a message that names the object and the fix, and the JSON-RPC
// error code the client sees.
#pragma once

#include <string>

#include "nfv/api/jsonrpc.h"
#include "nfv/common/result.h"

namespace nfv::dp {

inline Error api_error(api::ErrorCode code, std::string message) {
  return Error{std::move(message), static_cast<int>(code)};
}

}  // namespace nfv::dp
