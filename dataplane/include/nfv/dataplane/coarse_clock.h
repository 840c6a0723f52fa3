// Whole seconds for MAC ageing, read by PMDs once per burst (one relaxed load) and advanced
// by the FDB thread. Tests move it forward with `debug.clock` instead of waiting.
#pragma once

#include <atomic>
#include <cstdint>

namespace nfv::dp {

class CoarseClock {
 public:
  CoarseClock() { tick(); }
  uint32_t now_s() const { return now_s_.load(std::memory_order_relaxed); }
  double now_precise_s() const;  // monotonic seconds, including the test offset
  void tick();                   // refresh from CLOCK_MONOTONIC
  void advance(double seconds);  // test clock: move forward

 private:
  std::atomic<uint32_t> now_s_{0};
  std::atomic<int64_t> offset_ns_{0};
};

}  // namespace nfv::dp
