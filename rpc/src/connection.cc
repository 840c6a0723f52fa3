#include "connection.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

namespace nfv::rpc {

namespace {

// Bytes read from one client per poll round: the others get their turn.
constexpr size_t kReadBudgetPerRound = 256 * 1024;

}  // namespace

Connection::Connection(UniqueFd fd, const ServerLimits& limits, Clock::time_point now)
    : fd_(std::move(fd)),
      in_(limits.max_request_bytes),
      max_buffered_input_(limits.max_request_bytes),
      last_activity_(now) {}

bool Connection::wants_input() const {
  // Over the limit the buffer is not read: the kernel then pushes back on the client. At the
  // limit it is: bytes without a newline that fill it exactly are a line whose next byte makes
  // it oversized (and then dropped), not a request to wait for.
  return !input_ended_ && in_.buffered() <= max_buffered_input_;
}

short Connection::poll_events() const {
  short events = 0;
  if (wants_input()) events |= POLLIN;
  if (pending_output() > 0) events |= POLLOUT;
  return events;
}

bool Connection::receive(Clock::time_point now) {
  char chunk[65536];
  size_t received = 0;
  while (wants_input() && received < kReadBudgetPerRound) {
    ssize_t n = ::recv(fd_.get(), chunk, sizeof(chunk), MSG_DONTWAIT);
    if (n == 0) {
      input_ended_ = true;  // end of input (maybe a half-close): replies still go out
      break;
    }
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno == EINTR) continue;
      return false;
    }
    in_.append(std::string_view(chunk, static_cast<size_t>(n)));
    received += static_cast<size_t>(n);
    last_activity_ = now;
  }
  return true;
}

std::optional<RequestLine> Connection::next_request() {
  if (in_.has_request()) return in_.next();
  if (input_ended_) return in_.take_unterminated();
  return std::nullopt;
}

bool Connection::has_request() const {
  return in_.has_request() || (input_ended_ && in_.buffered() > 0);
}

bool Connection::flush(Clock::time_point now) {
  while (out_head_ < out_.size()) {
    ssize_t n = ::send(fd_.get(), out_.data() + out_head_, out_.size() - out_head_,
                       MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno == EINTR) continue;
      return false;
    }
    out_head_ += static_cast<size_t>(n);
    last_activity_ = now;
  }
  // Sent bytes are dropped in bulk, so a large backlog drains in linear time.
  if (out_head_ == out_.size()) {
    out_.clear();
    out_head_ = 0;
  } else if (out_head_ > out_.size() / 2) {
    out_.erase(0, out_head_);
    out_head_ = 0;
  }
  return true;
}

bool Connection::done() const { return input_ended_ && !has_request() && pending_output() == 0; }

}  // namespace nfv::rpc
