// The terminal of `nfvctl top`'s live view, the one adapter around the pure view: raw mode
// (keys unbuffered, no echo), the alternate screen and a hidden cursor, all restored when the
// object dies, including on SIGINT and SIGTERM (which end the view) and on errors.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::nfvctl {

class Terminal {
 public:
  // Takes over stdin and stdout; an error when either is not a terminal.
  static Result<std::unique_ptr<Terminal>> open();
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  // Columns and rows now (asked each frame, so a resize shows on the next one).
  int columns() const;
  int rows() const;
  // Replaces the screen's contents with `lines` (each no wider than columns()).
  void draw(const std::vector<std::string>& lines);
  // The keys typed, returned as soon as some arrive, or "" at `deadline` or when a signal
  // came (resize, or interrupted()).
  std::string read_keys(std::chrono::steady_clock::time_point deadline);
  // The signal that asked the view to end (SIGINT, SIGTERM); 0 while none did.
  int interrupted() const;

 private:
  Terminal() = default;
  void restore();
};

}  // namespace nfv::nfvctl
