// Which size the frame with a given sequence number has. A schedule is a pure function of
// the sequence number, so a receiver (or a test) can recompute every frame from its
// sequence alone.
//
// Sizes follow dpdk-testpmd's --txpkts convention: the size is the frame as handed to the
// port (mbuf data length) WITHOUT the 4-byte FCS, VLAN tag included. "64" sends 64 bytes,
// which is a 68-byte frame on a physical wire; RFC 2544's "64-byte frame" counts the FCS and
// would be size 60 here.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "nfv/common/result.h"

namespace nfv::traffic {

// RFC 2544 / "simple IMIX": 7 x 64, 4 x 570, 1 x 1518 out of every 12 frames, interleaved
// so that a short burst already has a representative mix.
inline constexpr std::array<uint32_t, 12> kImixSizes = {64, 570, 64,  1518, 64,  570,
                                                        64, 64,  570, 64,   570, 64};

class SizeSchedule {
 public:
  enum class Kind { kFixed, kHashed, kSweep, kImix };

  // The default schedule: every frame is 64 bytes.
  SizeSchedule() = default;

  static SizeSchedule fixed(uint32_t size);
  // Sizes in [min, max], picked by a hash of the sequence number (spread, not ordered).
  static Result<SizeSchedule> hashed(uint32_t min, uint32_t max);
  // min, min+step, ..., up to max, then min again: every size appears once per cycle.
  static Result<SizeSchedule> sweep(uint32_t min, uint32_t max, uint32_t step = 1);
  static SizeSchedule imix();

  uint32_t size_for(uint64_t sequence) const;

  Kind kind() const { return kind_; }
  uint32_t min_size() const { return min_; }
  uint32_t max_size() const { return max_; }
  uint32_t step() const { return step_; }
  // After how many sequence numbers the sizes repeat (0: never, for kHashed).
  uint64_t period() const;
  // "64", "64..1518 hashed", "64..1518 sweep step 1", "imix 7:4:1 64/570/1518".
  std::string describe() const;

 private:
  Kind kind_ = Kind::kFixed;
  uint32_t min_ = 64;
  uint32_t max_ = 64;
  uint32_t step_ = 1;
};

}  // namespace nfv::traffic
