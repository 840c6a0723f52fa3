#include "nfv/traffic/sequence_tracker.h"

namespace nfv::traffic {

bool SequenceTracker::seen(uint64_t sequence) const {
  uint64_t bit = sequence % kWindow;
  return (window_[bit / 64] >> (bit % 64)) & 1;
}

void SequenceTracker::mark(uint64_t sequence) {
  uint64_t bit = sequence % kWindow;
  window_[bit / 64] |= uint64_t{1} << (bit % 64);
}

void SequenceTracker::forget(uint64_t sequence) {
  uint64_t bit = sequence % kWindow;
  window_[bit / 64] &= ~(uint64_t{1} << (bit % 64));
}

void SequenceTracker::record(uint64_t sequence) {
  ++received_;
  last_ = sequence;
  if (!started_) {
    started_ = true;
    first_ = highest_ = sequence;
    mark(sequence);
    return;
  }
  if (sequence > highest_) {
    uint64_t skipped = sequence - highest_ - 1;
    lost_ += skipped;
    // The window slides: slots of the numbers now entering it must read "not seen".
    if (sequence - highest_ >= kWindow) {
      window_.fill(0);
    } else {
      for (uint64_t s = highest_ + 1; s < sequence; ++s) forget(s);
    }
    highest_ = sequence;
    mark(sequence);
    return;
  }
  bool in_window = highest_ - sequence < kWindow;
  if (sequence < first_) {
    // Earlier than anything seen: the numbers in between are now known to be missing.
    lost_ += first_ - sequence - 1;
    first_ = sequence;
    ++reordered_;
    if (in_window) mark(sequence);
    return;
  }
  if (in_window && seen(sequence)) {
    ++duplicated_;
    return;
  }
  ++reordered_;
  if (lost_ > 0) --lost_;
  if (in_window) mark(sequence);
}

}  // namespace nfv::traffic
