// Receive accounting for one stream from sequence numbers alone: how many frames arrived,
// which sequence numbers are missing, which arrived late (reordered) or twice.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace nfv::traffic {

class SequenceTracker {
 public:
  // How far below the highest sequence number seen a late frame can still be told apart
  // from a duplicate. Older frames are counted as reordered (and no longer lost).
  static constexpr uint64_t kWindow = 4096;

  void record(uint64_t sequence);

  uint64_t received() const { return received_; }  // every frame, duplicates included
  uint64_t unique() const { return received_ - duplicated_; }
  uint64_t lost() const { return lost_; }              // missing in [first, highest]
  uint64_t reordered() const { return reordered_; }    // arrived after a higher number
  uint64_t duplicated() const { return duplicated_; }  // seen before (within kWindow)
  std::optional<uint64_t> first() const { return started_ ? std::optional(first_) : std::nullopt; }
  std::optional<uint64_t> last() const { return started_ ? std::optional(last_) : std::nullopt; }
  std::optional<uint64_t> highest() const {
    return started_ ? std::optional(highest_) : std::nullopt;
  }

 private:
  bool seen(uint64_t sequence) const;
  void mark(uint64_t sequence);
  void forget(uint64_t sequence);

  bool started_ = false;
  uint64_t first_ = 0;
  uint64_t last_ = 0;
  uint64_t highest_ = 0;
  uint64_t received_ = 0;
  uint64_t lost_ = 0;
  uint64_t reordered_ = 0;
  uint64_t duplicated_ = 0;
  // Bit (s % kWindow) says whether s arrived, for s in (highest - kWindow, highest].
  std::array<uint64_t, kWindow / 64> window_{};
};

}  // namespace nfv::traffic
