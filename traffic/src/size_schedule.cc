#include "nfv/traffic/size_schedule.h"

#include <fmt/format.h>

#include "nfv/traffic/mix.h"

namespace nfv::traffic {

SizeSchedule SizeSchedule::fixed(uint32_t size) {
  SizeSchedule schedule;
  schedule.kind_ = Kind::kFixed;
  schedule.min_ = schedule.max_ = size;
  return schedule;
}

Result<SizeSchedule> SizeSchedule::hashed(uint32_t min, uint32_t max) {
  if (min > max) {
    return make_error("frame sizes {}..{}: the minimum is larger than the maximum; swap them", min,
                      max);
  }
  SizeSchedule schedule;
  schedule.kind_ = Kind::kHashed;
  schedule.min_ = min;
  schedule.max_ = max;
  return schedule;
}

Result<SizeSchedule> SizeSchedule::sweep(uint32_t min, uint32_t max, uint32_t step) {
  if (min > max) {
    return make_error("frame sizes {}..{}: the minimum is larger than the maximum; swap them", min,
                      max);
  }
  if (step == 0) return make_error("frame size sweep {}..{}: step must be at least 1", min, max);
  SizeSchedule schedule;
  schedule.kind_ = Kind::kSweep;
  schedule.min_ = min;
  schedule.max_ = max;
  schedule.step_ = step;
  return schedule;
}

SizeSchedule SizeSchedule::imix() {
  SizeSchedule schedule;
  schedule.kind_ = Kind::kImix;
  schedule.min_ = 64;
  schedule.max_ = 1518;
  return schedule;
}

uint64_t SizeSchedule::period() const {
  switch (kind_) {
    case Kind::kFixed:
      return 1;
    case Kind::kHashed:
      return 0;
    case Kind::kSweep:
      return (max_ - min_) / step_ + 1;
    case Kind::kImix:
      return kImixSizes.size();
  }
  return 1;
}

uint32_t SizeSchedule::size_for(uint64_t sequence) const {
  switch (kind_) {
    case Kind::kFixed:
      return min_;
    case Kind::kHashed:
      return min_ + static_cast<uint32_t>(mix64(sequence) % (max_ - min_ + 1ULL));
    case Kind::kSweep:
      return min_ + static_cast<uint32_t>(sequence % period()) * step_;
    case Kind::kImix:
      return kImixSizes[sequence % kImixSizes.size()];
  }
  return min_;
}

std::string SizeSchedule::describe() const {
  switch (kind_) {
    case Kind::kFixed:
      return fmt::format("{}", min_);
    case Kind::kHashed:
      return fmt::format("{}..{} hashed", min_, max_);
    case Kind::kSweep:
      return fmt::format("{}..{} sweep step {}", min_, max_, step_);
    case Kind::kImix:
      return "imix 7:4:1 64/570/1518";
  }
  return "?";
}

}  // namespace nfv::traffic
