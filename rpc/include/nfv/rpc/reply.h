// A JSON-RPC response as the line sent to the client. Never throws: text that is not valid
// UTF-8 is replaced, and a reply over the size limit becomes an error reply for the same id.
#pragma once

#include <cstddef>
#include <string>

#include "nfv/api/jsonrpc.h"

namespace nfv::rpc {

// The response serialised, "\n"-terminated.
std::string encode_reply(const api::json& response, size_t max_reply_bytes);

}  // namespace nfv::rpc
