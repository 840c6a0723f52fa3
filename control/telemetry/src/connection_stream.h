// The httplib::Stream of one accepted connection, bounded per request: reading a request may
// take at most a time and a number of bytes counted from its start, writing its response at
// most a time. cpp-httplib's own stream times out per read only, so a client sending a byte just
// before each timeout, or header lines without end (0.11.4 has no header-count limit), would
// hold a worker and grow memory forever. Bytes read ahead stay buffered for the next request.
#pragma once

#include <httplib.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace nfv::telemetry {

class ConnectionStream final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;
  struct Limits {
    Clock::duration request_time;   // the request line, headers and body, from their start
    size_t request_bytes;           // the same, together
    Clock::duration response_time;  // the whole response, from its first byte
  };

  ConnectionStream(socket_t sock, const Limits& limits) : sock_(sock), limits_(limits) {}

  // Waits up to idle for the next request's first byte; false when none came or the peer left.
  bool await_request(Clock::duration idle);
  // Starts the limits of a new request (call after await_request).
  void start_request();
  // True once a request hit a limit: the connection must serve no other request.
  bool exhausted() const { return exhausted_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  using httplib::Stream::write;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

 private:
  bool buffered() const { return begin_ < end_; }
  ssize_t fill();  // receives into the empty buffer; the count, 0 at the peer's end, -1 on error
  Clock::time_point response_deadline() const;  // starts with the response's first byte

  socket_t sock_;
  Limits limits_;
  Clock::time_point request_deadline_ = Clock::now();
  mutable std::optional<Clock::time_point> response_deadline_;
  size_t request_bytes_ = 0;
  bool exhausted_ = false;
  std::array<char, 4096> buffer_{};
  size_t begin_ = 0;
  size_t end_ = 0;
};

}  // namespace nfv::telemetry
