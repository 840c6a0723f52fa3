// The telemetry nfvd serves: one sample per interval (rates, losses and their attribution per
// port, guest, PMD and bridge), a history of them, and trial windows with exact counts.
// Counters ("_total" in Prometheus) are totals since the switch started; rates and ratios are
// over the sample's interval.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/api/method.h"

namespace nfv::api {

// Who a loss belongs to: the closed list of verdicts (label values of the loss metrics).
inline constexpr const char* kVerdictNone = "none";
// The guest does not take frames from its receive ring fast enough (tx_queue_full on its port).
inline constexpr const char* kVerdictGuestNotDraining = "guest_not_draining";
// As above, and its vCPU threads spent a large share of the interval runnable but waiting for
// a host CPU: the host, not the guest, is the cause.
inline constexpr const char* kVerdictGuestStarved = "guest_starved";
// The PMD polling the port is busy near 100% while the peer's transmit ring (a guest's) or the
// NIC's receive ring fills up (rx_missed, rx_nombuf): the switch cannot keep up.
inline constexpr const char* kVerdictSwitchOverloaded = "switch_overloaded";
// A NIC or VF whose transmit ring is full: the link or the device cannot take more.
inline constexpr const char* kVerdictLinkSaturated = "link_saturated";
// Frames refused by the port's configured policy (VLAN, anti-spoofing, MAC limits, storm
// control, policing): intended.
inline constexpr const char* kVerdictPolicy = "policy";
// Frames the peer sent that the switch cannot forward (malformed, unknown encapsulation).
inline constexpr const char* kVerdictBadFrames = "bad_frames";
// Frames with nowhere to go: port down, no destination, hairpin.
inline constexpr const char* kVerdictNoPath = "no_path";
inline constexpr std::array<const char*, 8> kVerdicts{
    kVerdictNone,          kVerdictGuestNotDraining, kVerdictGuestStarved, kVerdictSwitchOverloaded,
    kVerdictLinkSaturated, kVerdictPolicy,           kVerdictBadFrames,    kVerdictNoPath};

struct TelemetryQueue {
  uint32_t queue = 0;
  uint32_t pmd = 0;
  uint64_t packets = 0;    // received from the queue (total)
  double pps = 0;          // over the interval
  uint32_t pending = 0;    // frames waiting in the queue at the end of the interval
  uint32_t ring_size = 0;  // 0: not known
  static constexpr auto fields() {
    return std::tuple{required("queue", &TelemetryQueue::queue),
                      required("pmd", &TelemetryQueue::pmd),
                      required("packets", &TelemetryQueue::packets),
                      required("pps", &TelemetryQueue::pps),
                      required("pending", &TelemetryQueue::pending, "frames waiting in the ring"),
                      required("ring_size", &TelemetryQueue::ring_size, "0: not known")};
  }
};

struct TelemetryPort {
  std::string name;        // a switch port, or "<PF PCI address>/vf<N>" for a guest's VF
  std::string kind;        // vhost | dpdk | vf
  std::string bridge;      // "" when in none
  std::string guest;       // the guest whose interface it is; "" when none
  int32_t numa_node = -1;  // -1: not known
  bool link = false;
  // Totals.
  uint64_t rx_packets = 0;  // received from the peer (guest or wire)
  uint64_t rx_bytes = 0;
  uint64_t tx_packets = 0;  // delivered to the peer
  uint64_t tx_bytes = 0;
  uint64_t tx_attempts = 0;  // offered to the port for delivery
  uint64_t rx_dropped = 0;
  uint64_t tx_dropped = 0;
  std::map<std::string, uint64_t> drops;  // by reason, every reason the port counts
  // Every drop counted, attributed: before nfvd's first sample by its reason alone.
  std::map<std::string, uint64_t> lost_by_verdict;
  // Over the interval.
  double rx_pps = 0;
  double tx_pps = 0;
  double rx_bps = 0;
  double tx_bps = 0;
  double dropped_pps = 0;
  double loss_ratio = 0;  // (rx + tx drops) / (received + offered for delivery); 0 when idle
  std::map<std::string, double> drop_pps;  // reasons with drops in the interval
  std::string verdict = kVerdictNone;      // of the largest share of the interval's drops
  std::string verdict_text;                // the sentence an operator reads; "" when none
  std::vector<TelemetryQueue> queues;      // receive queues
  static constexpr auto fields() {
    return std::tuple{
        required("name", &TelemetryPort::name),
        required("kind", &TelemetryPort::kind),
        required("bridge", &TelemetryPort::bridge),
        required("guest", &TelemetryPort::guest),
        required("numa_node", &TelemetryPort::numa_node),
        required("link", &TelemetryPort::link),
        required("rx_packets", &TelemetryPort::rx_packets),
        required("rx_bytes", &TelemetryPort::rx_bytes),
        required("tx_packets", &TelemetryPort::tx_packets),
        required("tx_bytes", &TelemetryPort::tx_bytes),
        required("tx_attempts", &TelemetryPort::tx_attempts),
        required("rx_dropped", &TelemetryPort::rx_dropped),
        required("tx_dropped", &TelemetryPort::tx_dropped),
        required("drops", &TelemetryPort::drops, "totals by reason"),
        required("lost_by_verdict", &TelemetryPort::lost_by_verdict,
                 "every drop attributed to a verdict (those before nfvd's first sample by "
                 "reason alone): they add up to the port's drop counters"),
        required("rx_pps", &TelemetryPort::rx_pps),
        required("tx_pps", &TelemetryPort::tx_pps),
        required("rx_bps", &TelemetryPort::rx_bps),
        required("tx_bps", &TelemetryPort::tx_bps),
        required("dropped_pps", &TelemetryPort::dropped_pps),
        required("loss_ratio", &TelemetryPort::loss_ratio, "dropped / offered, interval"),
        required("drop_pps", &TelemetryPort::drop_pps, "reasons with drops in the interval"),
        required("verdict", &TelemetryPort::verdict, "whose loss it is"),
        required("verdict_text", &TelemetryPort::verdict_text),
        required("queues", &TelemetryPort::queues, "receive queues")};
  }
};

struct TelemetryPmd {
  uint32_t id = 0;
  uint32_t cpu = 0;
  int32_t numa_node = -1;
  uint64_t busy_cycles = 0;  // totals
  uint64_t idle_cycles = 0;
  uint64_t packets = 0;
  double busy_ratio = 0;         // busy / (busy + idle) cycles over the interval
  double cycles_per_packet = 0;  // busy cycles per packet over the interval; 0 when idle
  double wait_ratio = -1;        // share of the interval its thread waited for its CPU; -1 unknown
  static constexpr auto fields() {
    return std::tuple{required("id", &TelemetryPmd::id),
                      required("cpu", &TelemetryPmd::cpu),
                      required("numa_node", &TelemetryPmd::numa_node),
                      required("busy_cycles", &TelemetryPmd::busy_cycles),
                      required("idle_cycles", &TelemetryPmd::idle_cycles),
                      required("packets", &TelemetryPmd::packets),
                      required("busy_ratio", &TelemetryPmd::busy_ratio, "0..1, interval"),
                      required("cycles_per_packet", &TelemetryPmd::cycles_per_packet),
                      required("wait_ratio", &TelemetryPmd::wait_ratio,
                               "share of the interval the PMD thread waited for its CPU (a "
                               "core not isolated); -1: unknown")};
  }
};

struct TelemetryBridge {
  std::string name;
  uint64_t macs = 0;
  uint64_t mac_capacity = 0;  // the table's size, or the bridge's mac_limit when lower
  static constexpr auto fields() {
    return std::tuple{required("name", &TelemetryBridge::name),
                      required("macs", &TelemetryBridge::macs),
                      required("mac_capacity", &TelemetryBridge::mac_capacity)};
  }
};

struct TelemetryGuest {
  std::string name;
  bool up = false;  // running
  std::vector<std::string> ports;
  double rx_pps = 0;  // what the guest received, over its ports
  double tx_pps = 0;  // what it sent
  double rx_bps = 0;
  double tx_bps = 0;
  double loss_ratio = 0;
  // The largest share of the interval one of its vCPU threads spent runnable but waiting for a
  // host CPU (scheduler statistics); -1 when not known.
  double vcpu_wait_ratio = -1;
  std::string verdict = kVerdictNone;
  std::string verdict_text;
  static constexpr auto fields() {
    return std::tuple{
        required("name", &TelemetryGuest::name),
        required("up", &TelemetryGuest::up),
        required("ports", &TelemetryGuest::ports),
        required("rx_pps", &TelemetryGuest::rx_pps),
        required("tx_pps", &TelemetryGuest::tx_pps),
        required("rx_bps", &TelemetryGuest::rx_bps),
        required("tx_bps", &TelemetryGuest::tx_bps),
        required("loss_ratio", &TelemetryGuest::loss_ratio),
        required("vcpu_wait_ratio", &TelemetryGuest::vcpu_wait_ratio,
                 "largest share of the interval a vCPU thread waited for a CPU; -1: unknown"),
        required("verdict", &TelemetryGuest::verdict),
        required("verdict_text", &TelemetryGuest::verdict_text)};
  }
};

struct TelemetrySample {
  double time_s = 0;      // nfvd's monotonic clock at the end of the interval
  std::string utc;        // the same instant, UTC ISO 8601
  double interval_s = 0;  // 0 for the first sample (totals only, no rates)
  bool switch_up = false;
  std::string error;  // why the switch could not be read; "" when it was
  std::vector<TelemetryPort> ports;
  std::vector<TelemetryPmd> pmds;
  std::vector<TelemetryBridge> bridges;
  std::vector<TelemetryGuest> guests;
  static constexpr auto fields() {
    return std::tuple{required("time_s", &TelemetrySample::time_s),
                      required("utc", &TelemetrySample::utc),
                      required("interval_s", &TelemetrySample::interval_s),
                      required("switch_up", &TelemetrySample::switch_up),
                      required("error", &TelemetrySample::error),
                      required("ports", &TelemetrySample::ports),
                      required("pmds", &TelemetrySample::pmds),
                      required("bridges", &TelemetrySample::bridges),
                      required("guests", &TelemetrySample::guests)};
  }
};

struct TelemetryParams {
  uint32_t seconds = 1;  // the samples of the last N seconds (at least the newest one)
  static constexpr auto fields() {
    return std::tuple{optional("seconds", &TelemetryParams::seconds,
                               "samples of the last N seconds; 1 (the newest) when absent")};
  }
};

struct TelemetryHistory {
  double interval_s = 0;                 // the sampling interval
  uint32_t history_s = 0;                // how far back samples are kept
  std::vector<TelemetrySample> samples;  // oldest first
  static constexpr auto fields() {
    return std::tuple{required("interval_s", &TelemetryHistory::interval_s),
                      required("history_s", &TelemetryHistory::history_s),
                      required("samples", &TelemetryHistory::samples, "oldest first")};
  }
};

// ---- trial windows: exact counts between two markers --------------------------------------

struct TrialStartParams {
  std::string name;  // "" : nfvd names it
  static constexpr auto fields() {
    return std::tuple{optional("name", &TrialStartParams::name, "a name of the caller's choice")};
  }
};
struct TrialStartResult {
  std::string trial;
  std::string started;  // UTC
  static constexpr auto fields() {
    return std::tuple{required("trial", &TrialStartResult::trial),
                      required("started", &TrialStartResult::started)};
  }
};
struct TrialStopParams {
  std::string trial;
  static constexpr auto fields() {
    return std::tuple{required("trial", &TrialStopParams::trial, "as trial.start named it")};
  }
};
struct TrialPort {
  std::string name;
  uint64_t rx_packets = 0;
  uint64_t rx_bytes = 0;
  uint64_t tx_packets = 0;
  uint64_t tx_bytes = 0;
  uint64_t rx_dropped = 0;
  uint64_t tx_dropped = 0;
  std::map<std::string, uint64_t> drops;  // reasons with drops in the window
  static constexpr auto fields() {
    return std::tuple{required("name", &TrialPort::name),
                      required("rx_packets", &TrialPort::rx_packets),
                      required("rx_bytes", &TrialPort::rx_bytes),
                      required("tx_packets", &TrialPort::tx_packets),
                      required("tx_bytes", &TrialPort::tx_bytes),
                      required("rx_dropped", &TrialPort::rx_dropped),
                      required("tx_dropped", &TrialPort::tx_dropped),
                      required("drops", &TrialPort::drops)};
  }
};
struct TrialResult {
  std::string trial;
  double elapsed_s = 0;          // between the two reads of the switch's counters
  std::vector<TrialPort> ports;  // ports present at both markers
  static constexpr auto fields() {
    return std::tuple{required("trial", &TrialResult::trial),
                      required("elapsed_s", &TrialResult::elapsed_s),
                      required("ports", &TrialResult::ports)};
  }
};

inline constexpr Method<TelemetryParams, TelemetryHistory> kNfvdTelemetry{
    "nfvd.telemetry",
    "sampled rates, losses with their attribution, PMD load and MAC table use; the last N "
    "seconds"};
inline constexpr Method<TrialStartParams, TrialStartResult> kNfvdTrialStart{
    "nfvd.trial.start", "mark the start of a trial window: the switch's counters are read now"};
inline constexpr Method<TrialStopParams, TrialResult> kNfvdTrialStop{
    "nfvd.trial.stop", "end a trial window: exact per-port counts since its start"};

}  // namespace nfv::api
