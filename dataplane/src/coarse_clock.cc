#include "nfv/dataplane/coarse_clock.h"

#include <ctime>

namespace nfv::dp {
namespace {

int64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

double CoarseClock::now_precise_s() const {
  return static_cast<double>(monotonic_ns() + offset_ns_.load(std::memory_order_relaxed)) / 1e9;
}

void CoarseClock::tick() {
  int64_t ns = monotonic_ns() + offset_ns_.load(std::memory_order_relaxed);
  now_s_.store(static_cast<uint32_t>(ns / 1'000'000'000), std::memory_order_relaxed);
}

void CoarseClock::advance(double seconds) {
  offset_ns_.fetch_add(static_cast<int64_t>(seconds * 1e9), std::memory_order_relaxed);
  tick();
}

}  // namespace nfv::dp
