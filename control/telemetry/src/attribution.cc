#include "nfv/telemetry/attribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "nfv/api/telemetry_api.h"

namespace nfv::telemetry {
namespace {

struct ReasonVerdict {
  std::string_view reason;
  const char* verdict;
};

// Every drop reason of drop_reasons.h and of VF counters; tx_queue_full is refined by kind.
constexpr std::array<ReasonVerdict, 20> kReasonVerdicts{{
    {"malformed", api::kVerdictBadFrames},
    {"vlan_encapsulation", api::kVerdictBadFrames},
    {"mtu_exceeded", api::kVerdictBadFrames},
    {"offload_unfinished", api::kVerdictBadFrames},
    {"vlan_not_allowed", api::kVerdictPolicy},
    {"policed", api::kVerdictPolicy},
    {"storm_broadcast", api::kVerdictPolicy},
    {"storm_multicast", api::kVerdictPolicy},
    {"storm_unknown_unicast", api::kVerdictPolicy},
    {"anti_spoof", api::kVerdictPolicy},
    {"no_destination", api::kVerdictNoPath},
    {"hairpin", api::kVerdictNoPath},
    {"port_down_rx", api::kVerdictNoPath},
    {"port_down_tx", api::kVerdictNoPath},
    {"tx_queue_full", api::kVerdictGuestNotDraining},
    {"rx_nombuf", api::kVerdictSwitchOverloaded},
    {"rx_missed", api::kVerdictSwitchOverloaded},
    {kVfRxDropped, api::kVerdictGuestNotDraining},
    {kVfTxDropped, api::kVerdictLinkSaturated},
    {"", api::kVerdictNone},
}};

std::string whose(const LossEvidence& e) {
  return e.guest.empty() ? fmt::format("the peer of port {}", e.port)
                         : fmt::format("guest {}", e.guest);
}

std::string percent(double ratio) { return fmt::format("{:.0f}%", ratio * 100); }

// "1200 frames/s (tx_queue_full 1000, anti_spoof 200)": the reasons of one verdict.
std::string lost_clause(const LossEvidence& e, const std::vector<std::string>& reasons,
                        uint64_t lost) {
  std::string list;
  for (const auto& reason : reasons) {
    list += fmt::format("{}{} {}", list.empty() ? "" : ", ", reason, e.drops.at(reason));
  }
  double per_s = e.interval_s > 0 ? static_cast<double>(lost) / e.interval_s : 0;
  return fmt::format("{:.0f} frames/s lost ({})", per_s, list);
}

std::string sentence(const std::string& verdict, const LossEvidence& e, const std::string& lost) {
  using namespace api;
  if (verdict == kVerdictGuestStarved) {
    return fmt::format(
        "{} cannot drain its receive ring on port {}: its vCPU threads waited for a host CPU "
        "{} of the time; {}; give its vCPUs CPUs of their own",
        whose(e), e.port, percent(e.peer_wait), lost);
  }
  if (verdict == kVerdictGuestNotDraining) {
    std::string cpu = e.peer_wait < 0 ? std::string()
                                      : fmt::format(" (its threads waited for a CPU only {})",
                                                    percent(e.peer_wait));
    return fmt::format(
        "{} is not draining its receive ring on port {}{}: the guest is slow or "
        "stopped reading; {}",
        whose(e), e.port, cpu, lost);
  }
  if (verdict == kVerdictSwitchOverloaded) {
    return fmt::format(
        "the switch cannot keep up with port {}: its PMD is {} busy; {}; add PMD cores or "
        "spread the queues (nfvctl pmd rebalance)",
        e.port, percent(e.max_pmd_busy), lost);
  }
  if (verdict == kVerdictLinkSaturated) {
    return fmt::format("port {} cannot send more: its device's transmit ring is full; {}", e.port,
                       lost);
  }
  if (verdict == kVerdictPolicy) {
    return fmt::format("port {} refuses frames as its policy says; {}", e.port, lost);
  }
  if (verdict == kVerdictBadFrames) {
    return fmt::format("{} sends frames the switch cannot forward on port {}; {}", whose(e), e.port,
                       lost);
  }
  return fmt::format("frames on port {} have nowhere to go; {}", e.port, lost);
}

}  // namespace

std::string verdict_of_reason(const std::string& reason, const std::string& kind, double peer_wait,
                              const AttributionThresholds& thresholds) {
  const char* verdict = api::kVerdictNoPath;  // a reason this build does not know
  for (const auto& entry : kReasonVerdicts) {
    if (entry.reason == reason) verdict = entry.verdict;
  }
  if (verdict == api::kVerdictGuestNotDraining) {
    if (kind == "dpdk") return api::kVerdictLinkSaturated;
    if (peer_wait >= thresholds.vcpu_wait) return api::kVerdictGuestStarved;
  }
  return verdict;
}

Verdict attribute_loss(const LossEvidence& e, const AttributionThresholds& thresholds) {
  std::map<std::string, uint64_t> lost;
  std::map<std::string, std::vector<std::string>> reasons;
  for (const auto& [reason, count] : e.drops) {
    if (count == 0) continue;
    auto verdict = verdict_of_reason(reason, e.kind, e.peer_wait, thresholds);
    lost[verdict] += count;
    reasons[verdict].push_back(reason);
  }
  if (lost.empty()) {
    // Nothing counted, but the peer's transmit ring backs up behind a saturated PMD: the loss
    // happens in the guest, where the switch cannot count it.
    bool saturated = e.max_pmd_busy >= thresholds.pmd_busy;
    bool waiting = e.max_pmd_wait >= thresholds.pmd_wait;
    if ((saturated || waiting) && e.max_ring_fill >= thresholds.ring_fill) {
      std::string why = saturated ? fmt::format("its PMD is {} busy", percent(e.max_pmd_busy))
                                  : fmt::format("its PMD waited for its CPU {} of the time",
                                                percent(e.max_pmd_wait));
      std::string fix = saturated ? "add PMD cores or spread the queues (nfvctl pmd rebalance)"
                                  : "give the PMD a core of its own (isolcpus, nothing else "
                                    "pinned there)";
      return {api::kVerdictSwitchOverloaded,
              fmt::format("the switch cannot keep up with port {}: {} and {}'s transmit ring is "
                          "{} full; the guest drops what does not fit (not counted by the "
                          "switch); {}",
                          e.port, why, whose(e), percent(e.max_ring_fill), fix)};
    }
    return {api::kVerdictNone, ""};
  }
  auto largest = std::max_element(lost.begin(), lost.end(),
                                  [](const auto& a, const auto& b) { return a.second < b.second; });
  const std::string& verdict = largest->first;
  return {verdict, sentence(verdict, e, lost_clause(e, reasons[verdict], largest->second))};
}

}  // namespace nfv::telemetry
