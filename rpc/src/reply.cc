#include "nfv/rpc/reply.h"

#include <fmt/format.h>

namespace nfv::rpc {

using api::json;

namespace {

std::string dump_line(const json& value) {
  // Replace, not throw: a handler's string with bytes that are not UTF-8 must not end the
  // server; the client sees U+FFFD in their place.
  return value.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string encode_reply(const json& response, size_t max_reply_bytes) {
  std::string line = dump_line(response);
  if (line.size() <= max_reply_bytes) return line;
  json id = response.is_object() ? response.value("id", json()) : json();
  return dump_line(api::make_error_response(
      id, api::ErrorCode::kResourceExhausted,
      fmt::format("the reply is {} bytes, over this server's limit of {} bytes per reply; ask "
                  "for less at a time: page through a listing with 'limit' and 'offset' "
                  "(mac.list: a page's 'next_offset' is the next request's 'offset')",
                  line.size(), max_reply_bytes)));
}

}  // namespace nfv::rpc
