#include "nfv/telemetry/prometheus.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "nfv/api/drop_reasons.h"
#include "nfv/telemetry/attribution.h"
#include "nfv/telemetry/exposition.h"

namespace nfv::telemetry {
namespace {

using enum MetricType;

// Indexes into kFamilies, in the order they are exposed.
enum Family : size_t {
  kBuildInfo,
  kSwitchUp,
  kSampleInterval,
  kPortRxPackets,
  kPortTxPackets,
  kPortRxBytes,
  kPortTxBytes,
  kPortTxAttempts,
  kPortDropped,
  kPortLost,
  kPortLossRatio,
  kPortLinkUp,
  kQueuePackets,
  kQueuePending,
  kQueueSize,
  kPmdBusyCycles,
  kPmdIdleCycles,
  kPmdPackets,
  kPmdBusyRatio,
  kPmdWaitRatio,
  kBridgeMacEntries,
  kBridgeMacCapacity,
  kGuestUp,
  kGuestLossRatio,
  kGuestVcpuWait,
  kFamilyCount,
};

constexpr std::array<MetricFamilySpec, kFamilyCount> kFamilies{{
    {"nfv_build_info", kGauge, "nfvd's version; always 1"},
    {"nfv_switch_up", kGauge, "1 when nfvd could read the switch at the last sample, else 0"},
    {"nfv_telemetry_sample_interval_seconds", kGauge,
     "length of the last sampling interval (0 for the first sample)"},
    {"nfv_port_rx_packets_total", kCounter, "packets received from the port's peer"},
    {"nfv_port_tx_packets_total", kCounter, "packets delivered to the port's peer"},
    {"nfv_port_rx_bytes_total", kCounter, "bytes received from the port's peer"},
    {"nfv_port_tx_bytes_total", kCounter, "bytes delivered to the port's peer"},
    {"nfv_port_tx_attempts_total", kCounter, "packets offered to the port for delivery"},
    {"nfv_port_dropped_packets_total", kCounter,
     "packets dropped on the port, by reason (drop reasons of the switch and of VFs)"},
    {"nfv_port_lost_packets_total", kCounter,
     "packets dropped on the port, by whose loss it is (verdict); drops from before nfvd's "
     "first sample are attributed by their reason alone"},
    {"nfv_port_loss_ratio", kGauge,
     "dropped / (received + offered for delivery) over the last interval; the verdict label "
     "names whose loss it is"},
    {"nfv_port_link_up", kGauge, "1 when the port's link is up, else 0"},
    {"nfv_port_rx_queue_packets_total", kCounter, "packets received from the receive queue"},
    {"nfv_port_rx_queue_pending_packets", kGauge,
     "packets waiting in the receive queue at the end of the interval"},
    {"nfv_port_rx_queue_size", kGauge, "receive queue ring size in packets, where known"},
    {"nfv_pmd_busy_cycles_total", kCounter, "CPU cycles the PMD spent on packets"},
    {"nfv_pmd_idle_cycles_total", kCounter, "CPU cycles the PMD spent polling empty queues"},
    {"nfv_pmd_packets_total", kCounter, "packets the PMD received from its queues"},
    {"nfv_pmd_busy_ratio", kGauge, "busy / (busy + idle) cycles over the last interval"},
    {"nfv_pmd_cpu_wait_ratio", kGauge,
     "share of the last interval the PMD thread was runnable but waiting for its CPU (a core "
     "that is not isolated), where known"},
    {"nfv_bridge_mac_entries", kGauge, "MAC addresses learned in the bridge"},
    {"nfv_bridge_mac_capacity", kGauge,
     "MAC addresses the bridge can hold: its table size, or its mac_limit when lower"},
    {"nfv_guest_up", kGauge, "1 when the guest is running, else 0"},
    {"nfv_guest_loss_ratio", kGauge,
     "dropped / offered over the guest's ports in the last interval; the verdict label names "
     "whose loss it is"},
    {"nfv_guest_vcpu_wait_ratio", kGauge,
     "largest share of the last interval one of the guest's vCPU threads was runnable but "
     "waiting for a host CPU, where known"},
}};

// Drop reasons VF counters add to a VF port, besides the switch's.
constexpr std::array<std::string_view, 2> kVfDropReasons{kVfRxDropped, kVfTxDropped};

// Label values are closed lists: a reason or verdict outside them is never exposed.
bool known_reason(std::string_view reason) {
  auto named = [&](const api::DropReasonInfo& info) { return info.name == reason; };
  return std::ranges::any_of(api::kDropReasons, named) ||
         std::ranges::find(kVfDropReasons, reason) != kVfDropReasons.end();
}

std::string closed_verdict(const std::string& verdict) {
  auto same = [&](const char* known) { return verdict == known; };
  return std::ranges::any_of(api::kVerdicts, same) ? verdict : api::kVerdictNone;
}

// Empty when not known (Prometheus reads an empty label as an absent one).
std::string numa_label(int32_t numa_node) {
  return numa_node < 0 ? std::string() : std::to_string(numa_node);
}

uint64_t flag(bool on) { return on ? 1 : 0; }

Labels port_labels(const api::TelemetryPort& port) {
  return {{"port", port.name},
          {"bridge", port.bridge},
          {"guest", port.guest},
          {"numa_node", numa_label(port.numa_node)}};
}

Labels with(Labels labels, std::string_view name, std::string value) {
  labels.emplace_back(name, std::move(value));
  return labels;
}

void add_port_drops(Exposition& out, const api::TelemetryPort& port, const Labels& labels) {
  for (const auto& [reason, packets] : port.drops) {
    if (known_reason(reason)) out.add(kPortDropped, with(labels, "reason", reason), packets);
  }
  for (const char* verdict : api::kVerdicts) {
    if (std::strcmp(verdict, api::kVerdictNone) == 0) continue;
    auto lost = port.lost_by_verdict.find(verdict);
    uint64_t packets = lost == port.lost_by_verdict.end() ? 0 : lost->second;
    out.add(kPortLost, with(labels, "verdict", verdict), packets);
  }
}

void add_queues(Exposition& out, const api::TelemetryPort& port, const Labels& labels) {
  for (const api::TelemetryQueue& queue : port.queues) {
    Labels queue_labels =
        with(with(labels, "queue", std::to_string(queue.queue)), "pmd", std::to_string(queue.pmd));
    out.add(kQueuePackets, queue_labels, queue.packets);
    out.add(kQueuePending, queue_labels, uint64_t{queue.pending});
    if (queue.ring_size > 0) out.add(kQueueSize, queue_labels, uint64_t{queue.ring_size});
  }
}

void add_port(Exposition& out, const api::TelemetryPort& port) {
  Labels labels = port_labels(port);
  out.add(kPortRxPackets, labels, port.rx_packets);
  out.add(kPortTxPackets, labels, port.tx_packets);
  out.add(kPortRxBytes, labels, port.rx_bytes);
  out.add(kPortTxBytes, labels, port.tx_bytes);
  out.add(kPortTxAttempts, labels, port.tx_attempts);
  add_port_drops(out, port, labels);
  out.add(kPortLossRatio, with(labels, "verdict", closed_verdict(port.verdict)), port.loss_ratio);
  out.add(kPortLinkUp, labels, flag(port.link));
  add_queues(out, port, labels);
}

void add_pmd(Exposition& out, const api::TelemetryPmd& pmd) {
  Labels labels{{"pmd", std::to_string(pmd.id)},
                {"numa_node", numa_label(pmd.numa_node)},
                {"cpu", std::to_string(pmd.cpu)}};
  out.add(kPmdBusyCycles, labels, pmd.busy_cycles);
  out.add(kPmdIdleCycles, labels, pmd.idle_cycles);
  out.add(kPmdPackets, labels, pmd.packets);
  out.add(kPmdBusyRatio, labels, pmd.busy_ratio);
  if (pmd.wait_ratio >= 0) out.add(kPmdWaitRatio, labels, pmd.wait_ratio);
}

void add_guest(Exposition& out, const api::TelemetryGuest& guest) {
  Labels labels{{"guest", guest.name}};
  out.add(kGuestUp, labels, flag(guest.up));
  out.add(kGuestLossRatio, with(labels, "verdict", closed_verdict(guest.verdict)),
          guest.loss_ratio);
  if (guest.vcpu_wait_ratio >= 0) out.add(kGuestVcpuWait, labels, guest.vcpu_wait_ratio);
}

}  // namespace

std::string render_prometheus(const api::TelemetrySample& sample, const BuildInfo& build) {
  Exposition out(kFamilies);
  out.add(kBuildInfo, {{"version", build.version}}, uint64_t{1});
  out.add(kSwitchUp, {}, flag(sample.switch_up));
  out.add(kSampleInterval, {}, sample.interval_s);
  for (const api::TelemetryPort& port : sample.ports) add_port(out, port);
  for (const api::TelemetryPmd& pmd : sample.pmds) add_pmd(out, pmd);
  for (const api::TelemetryBridge& bridge : sample.bridges) {
    Labels labels{{"bridge", bridge.name}};
    out.add(kBridgeMacEntries, labels, bridge.macs);
    out.add(kBridgeMacCapacity, labels, bridge.mac_capacity);
  }
  for (const api::TelemetryGuest& guest : sample.guests) add_guest(out, guest);
  return out.text();
}

}  // namespace nfv::telemetry
