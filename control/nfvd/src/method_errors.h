// The JSON-RPC errors nfvd's methods return: a request that is wrong, or one that failed on
// the host. Shared by the service's files (internal to nfv_nfvd).
#pragma once

#include <string>

#include "nfv/api/jsonrpc.h"
#include "nfv/common/result.h"

namespace nfv::nfvd {

inline Error invalid_params(std::string message) {
  return Error{std::move(message), static_cast<int>(api::ErrorCode::kInvalidParams)};
}

inline Error failed(std::string message) {
  return Error{std::move(message), static_cast<int>(api::ErrorCode::kFailed)};
}

}  // namespace nfv::nfvd
