// Whose loss it is: the verdict of one port's interval from the evidence the sampler has
// (drops by reason, the PMD's load, how full the peer's transmit ring is, how long the peer's
// threads waited for a CPU). Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace nfv::telemetry {

struct AttributionThresholds {
  double pmd_busy = 0.90;   // a PMD busier than this cannot take more
  double ring_fill = 0.50;  // a receive queue fuller than this is backing up
  double vcpu_wait = 0.20;  // a peer thread waiting this share of the interval is starved
  double pmd_wait = 0.20;   // a PMD thread waiting this share for its CPU cannot keep up
};

// One port over one interval.
struct LossEvidence {
  std::string port;
  std::string kind;   // vhost | dpdk | vf
  std::string guest;  // "" when the port is no guest's
  double interval_s = 0;
  std::map<std::string, uint64_t> drops;  // by reason, in the interval
  double max_pmd_busy = 0;                // the busiest PMD polling the port's receive queues, 0..1
  double max_pmd_wait = 0;   // the longest its PMDs' threads waited for their CPU, 0..1
  double max_ring_fill = 0;  // the fullest receive queue, pending / ring size, 0..1
  double peer_wait = -1;     // the peer's most-waiting thread, share of the interval; -1 unknown
};

struct Verdict {
  std::string verdict;  // one of api::kVerdicts
  std::string text;     // "" for none
};

// The verdict for the largest share of the drops; with no drops, switch_overloaded when the
// peer's ring backs up while its PMD is saturated or waits for its CPU (the loss is then in
// the peer's ring, where the switch cannot count it), else none.
Verdict attribute_loss(const LossEvidence& evidence, const AttributionThresholds& thresholds);

// The verdict a drop reason belongs to on a port of `kind`; tx_queue_full on a guest's port is
// guest_starved when the peer's threads waited for a CPU more than the threshold.
std::string verdict_of_reason(const std::string& reason, const std::string& kind, double peer_wait,
                              const AttributionThresholds& thresholds);

// Drop reasons VF counters add to a VF port's drops (the switch's are in drop_reasons.h).
inline constexpr const char* kVfRxDropped = "vf_rx_dropped";  // the guest did not post buffers
inline constexpr const char* kVfTxDropped = "vf_tx_dropped";  // the VF could not send

}  // namespace nfv::telemetry
