// The bytes a connection sent, cut into request lines ("\n"-terminated). A line longer than
// the limit is reported once and its bytes dropped up to its newline, so a client can never
// make the server hold more than about one limit of its input, and the stream resumes at
// the next line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace nfv::rpc {

struct RequestLine {
  std::string text;        // without the "\n"; empty when oversized
  bool oversized = false;  // longer than the limit: its text was dropped
};

class LineBuffer {
 public:
  explicit LineBuffer(size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  void append(std::string_view bytes);
  // The next complete line, or nothing until more bytes arrive.
  std::optional<RequestLine> next();
  // At end of input: the last line if it had no "\n" (once).
  std::optional<RequestLine> take_unterminated();

  bool has_request() const;  // next() would return a line
  size_t buffered() const { return data_.size() - head_; }

 private:
  size_t find_newline() const;
  bool drop_oversized_tail();  // true: the buffered line was oversized and is dropped
  void compact();

  size_t max_line_bytes_;
  std::string data_;
  size_t head_ = 0;        // bytes before head_ were consumed
  size_t scanned_ = 0;     // data_[head_, scanned_) holds no "\n"
  bool dropping_ = false;  // inside an oversized line: drop up to its "\n"
  bool overflow_ = false;  // an oversized line is waiting to be reported
};

}  // namespace nfv::rpc
