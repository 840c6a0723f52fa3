// One client of the server: its socket, the requests it sent (cut into lines), the replies
// it has not read yet, and when it last did anything. Private to the server.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "nfv/common/unique_fd.h"
#include "nfv/rpc/line_buffer.h"
#include "nfv/rpc/server_limits.h"
#include "nfv/rpc/session.h"

namespace nfv::rpc {

using Clock = std::chrono::steady_clock;

class Connection {
 public:
  Connection(UniqueFd fd, const ServerLimits& limits, Clock::time_point now);

  int fd() const { return fd_.get(); }
  short poll_events() const;  // POLLIN while it may send more, POLLOUT while replies wait

  // Reads what the socket holds, at most one round's share. False: the connection failed.
  bool receive(Clock::time_point now);
  // The next request to serve: complete lines, then, once input ended, an unterminated one.
  std::optional<RequestLine> next_request();
  bool has_request() const;

  void queue(std::string_view line) { out_.append(line); }
  // Sends what the socket takes without blocking. False: the connection failed.
  bool flush(Clock::time_point now);
  size_t pending_output() const { return out_.size() - out_head_; }

  // Input ended, every request served, every reply sent: time to close.
  bool done() const;
  bool input_ended() const { return input_ended_; }
  void touch(Clock::time_point now) { last_activity_ = now; }
  Clock::time_point last_activity() const { return last_activity_; }
  Session& session() { return session_; }

 private:
  bool wants_input() const;

  UniqueFd fd_;
  LineBuffer in_;
  size_t max_buffered_input_;
  bool input_ended_ = false;
  std::string out_;
  size_t out_head_ = 0;  // bytes of out_ already sent
  Clock::time_point last_activity_;
  Session session_;
};

}  // namespace nfv::rpc
