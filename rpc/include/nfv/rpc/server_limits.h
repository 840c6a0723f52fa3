// What one client of a control socket may cost the server, so that no client (buggy,
// hostile or just slow) can take the server down or keep others from being served.
#pragma once

#include <chrono>
#include <cstddef>

#include "nfv/api/jsonrpc.h"
#include "nfv/common/result.h"

namespace nfv::rpc {

struct ServerLimits {
  // Connections served at once; when all are taken, a new one closes the longest-idle one.
  size_t max_clients = 64;
  // A connection that sends nothing and reads nothing for this long is closed.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(300);
  // One request line, newline excluded: longer ones get an error reply and are skipped.
  size_t max_request_bytes = api::kMaxMessageBytes;
  // One reply line: a larger result becomes an error reply asking for a smaller page.
  size_t max_reply_bytes = 16u << 20;
  // Replies a client has not read yet: past this, it is closed (a reader that stalls).
  size_t max_pending_output_bytes = 32u << 20;
  // Requests served per client per poll round: one busy client cannot starve the others.
  size_t requests_per_round = 16;
};

// Every limit is non-zero and a reply always fits in the pending output.
Status validate(const ServerLimits& limits);

}  // namespace nfv::rpc
