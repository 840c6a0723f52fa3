#include "nfv/rpc/line_buffer.h"

#include <algorithm>

namespace nfv::rpc {

void LineBuffer::append(std::string_view bytes) {
  if (dropping_) {
    auto newline = bytes.find('\n');
    if (newline == std::string_view::npos) return;  // still inside the oversized line
    dropping_ = false;
    bytes.remove_prefix(newline + 1);
  }
  compact();
  data_.append(bytes);
  if (find_newline() == std::string::npos) drop_oversized_tail();
}

std::optional<RequestLine> LineBuffer::next() {
  // The buffer was emptied when the oversized line was found: it comes before everything.
  if (overflow_) {
    overflow_ = false;
    return RequestLine{{}, true};
  }
  size_t newline = find_newline();
  if (newline == std::string::npos) {
    scanned_ = data_.size();
    if (!drop_oversized_tail()) return std::nullopt;
    overflow_ = false;
    return RequestLine{{}, true};
  }
  size_t length = newline - head_;
  RequestLine line;
  if (length > max_line_bytes_) {
    line.oversized = true;
  } else {
    line.text.assign(data_, head_, length);
  }
  head_ = scanned_ = newline + 1;
  return line;
}

std::optional<RequestLine> LineBuffer::take_unterminated() {
  if (has_request()) return next();
  if (buffered() == 0) return std::nullopt;
  RequestLine line{data_.substr(head_), false};
  data_.clear();
  head_ = scanned_ = 0;
  return line;
}

bool LineBuffer::has_request() const { return overflow_ || find_newline() != std::string::npos; }

size_t LineBuffer::find_newline() const { return data_.find('\n', std::max(head_, scanned_)); }

bool LineBuffer::drop_oversized_tail() {
  // Called when the buffered bytes hold no newline: they are one unterminated line. Over the
  // limit it is known to be oversized already: report it now and keep none of it.
  scanned_ = data_.size();
  if (buffered() <= max_line_bytes_) return false;
  data_.clear();
  head_ = scanned_ = 0;
  dropping_ = true;
  overflow_ = true;
  return true;
}

void LineBuffer::compact() {
  // Consumed bytes are dropped in bulk, not per line: a megabyte of short lines stays linear.
  if (head_ == 0 || (head_ < data_.size() && head_ < data_.size() / 2)) return;
  data_.erase(0, head_);
  scanned_ -= std::min(scanned_, head_);
  head_ = 0;
}

}  // namespace nfv::rpc
