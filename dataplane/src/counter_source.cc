#include "nfv/dataplane/counter_source.h"

namespace nfv::dp {

PortCounters CounterSource::port(uint16_t index) const {
  PortCounters sum;
  for (const auto& pmd : pmds_) sum += read_port_counters(pmd->counters(), index);
  return sum;
}

uint64_t CounterSource::rxq_packets(uint16_t port, uint16_t queue) const {
  uint64_t sum = 0;
  for (const auto& pmd : pmds_) sum += read_counter(pmd->counters().rxq_packets[port][queue]);
  return sum;
}

uint64_t CounterSource::rxq_cycles(uint16_t port, uint16_t queue) const {
  uint64_t sum = 0;
  for (const auto& pmd : pmds_) sum += read_counter(pmd->counters().rxq_cycles[port][queue]);
  return sum;
}

}  // namespace nfv::dp
