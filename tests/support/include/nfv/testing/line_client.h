// A raw client of a newline-delimited JSON-RPC socket, for tests that must misbehave the way
// real clients do: partial lines, garbage bytes, half-closing, never reading the replies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "nfv/common/result.h"
#include "nfv/common/unique_fd.h"
#include "nfv/testing/subprocess.h"

namespace nfv::testing {

class LineClient {
 public:
  static Result<LineClient> connect(const std::string& socket_path);

  // Sends every byte (blocking); an error if the server closed the connection.
  Status send(std::string_view bytes);
  // The next line without its "\n"; nothing at end of stream, on an error or at `deadline`
  // (closed() tells which).
  std::optional<std::string> read_line(Clock::time_point deadline);
  // Reads and drops everything until the server closes the connection (true) or `deadline`.
  bool wait_closed(Clock::time_point deadline);
  bool closed() const { return closed_; }
  // No more requests (SHUT_WR), as `socat` and `nc -N` do once their input ends.
  void shutdown_write();
  int fd() const { return fd_.get(); }
  size_t bytes_received() const { return bytes_received_; }

  // One request line: {"jsonrpc":"2.0","id":id,"method":method,"params":params}.
  static std::string request(int64_t id, std::string_view method, std::string_view params = "{}");
  static std::string hello(int64_t id = 0);

 private:
  explicit LineClient(UniqueFd fd) : fd_(std::move(fd)) {}
  bool fill(Clock::time_point deadline);  // false: closed or deadline

  UniqueFd fd_;
  std::string buffer_;
  bool closed_ = false;
  size_t bytes_received_ = 0;
};

}  // namespace nfv::testing
