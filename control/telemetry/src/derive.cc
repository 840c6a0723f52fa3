#include "nfv/telemetry/derive.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace nfv::telemetry {
namespace {

// Counters that went backwards belong to a new switch: the interval starts from zero.
uint64_t delta(uint64_t now, uint64_t before) { return now >= before ? now - before : now; }

double per_second(uint64_t count, double interval_s) {
  return interval_s > 0 ? static_cast<double>(count) / interval_s : 0;
}

double ratio(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0 : static_cast<double>(part) / static_cast<double>(whole);
}

template <typename T>
std::unordered_map<std::string, const T*> by_name(const std::vector<T>& items) {
  std::unordered_map<std::string, const T*> map;
  for (const auto& item : items) map.emplace(item.name, &item);
  return map;
}

// A counter set both switch ports and VF ports have, in the port's own terms.
struct Counters {
  uint64_t rx_packets = 0, rx_bytes = 0, tx_packets = 0, tx_bytes = 0, tx_attempts = 0;
  uint64_t rx_dropped = 0, tx_dropped = 0;
  std::map<std::string, uint64_t> drops;
};

Counters counters_of(const api::PortStats& s) {
  return {s.rx_packets,  s.rx_bytes,   s.tx_packets, s.tx_bytes,
          s.tx_attempts, s.rx_dropped, s.tx_dropped, s.drops};
}

// A VF seen from the switch's side of the guest: what the guest sent is received, what the VF
// delivered to the guest is transmitted.
Counters counters_of(const VfCounters& v) {
  Counters c{
      v.tx_packets, v.tx_bytes, v.rx_packets, v.rx_bytes, v.rx_packets + v.rx_dropped, v.tx_dropped,
      v.rx_dropped, {}};
  c.drops[kVfRxDropped] = v.rx_dropped;
  c.drops[kVfTxDropped] = v.tx_dropped;
  return c;
}

// The largest share of the interval one of the peer's threads spent waiting for a CPU.
double peer_wait(const RawSample* previous, const RawSample& current, const std::string& port,
                 double interval_s) {
  if (previous == nullptr || interval_s <= 0) return -1;
  auto now = current.peers.find(port);
  auto before = previous->peers.find(port);
  if (now == current.peers.end() || before == previous->peers.end()) return -1;
  if (now->second.pid != before->second.pid || now->second.pid == 0) return -1;
  double worst = 0;
  for (const auto& [tid, wait] : now->second.wait_ns) {
    auto was = before->second.wait_ns.find(tid);
    if (was == before->second.wait_ns.end() || wait < was->second) continue;
    worst = std::max(worst, static_cast<double>(wait - was->second) / (interval_s * 1e9));
  }
  return std::min(worst, 1.0);
}

struct PortContext {
  const api::TelemetryPort* previous_port;  // the same port in the sample derived before
  double interval_s;
  const AttributionThresholds& thresholds;
};

// Frames dropped and frames offered (received, or offered for delivery) in the interval.
struct PortLoss {
  uint64_t dropped = 0;
  uint64_t offered = 0;
};
using LossByPort = std::unordered_map<std::string, PortLoss>;

// Rates, loss ratio, attribution and the verdict totals of one port, given its counters now
// and before (`before` null: first sample or a new port).
PortLoss fill_port(api::TelemetryPort& port, const Counters& now, const Counters* before,
                   const PortContext& ctx, const LossEvidence& evidence_base) {
  port.rx_packets = now.rx_packets;
  port.rx_bytes = now.rx_bytes;
  port.tx_packets = now.tx_packets;
  port.tx_bytes = now.tx_bytes;
  port.tx_attempts = now.tx_attempts;
  port.rx_dropped = now.rx_dropped;
  port.tx_dropped = now.tx_dropped;
  port.drops = now.drops;
  bool reset = before != nullptr && now.rx_packets < before->rx_packets;
  const Counters zero{};
  const Counters& base = (before == nullptr || reset) ? zero : *before;
  bool has_interval = before != nullptr && ctx.interval_s > 0;
  LossEvidence evidence = evidence_base;
  evidence.interval_s = ctx.interval_s;
  for (const auto& [reason, count] : now.drops) {
    auto was = base.drops.find(reason);
    uint64_t d = delta(count, was == base.drops.end() ? 0 : was->second);
    evidence.drops[reason] = d;
    if (has_interval && d > 0) port.drop_pps[reason] = per_second(d, ctx.interval_s);
  }
  // Every drop is attributed once: totals by verdict carry on across samples.
  if (ctx.previous_port != nullptr) port.lost_by_verdict = ctx.previous_port->lost_by_verdict;
  for (const auto& [reason, d] : evidence.drops) {
    if (d == 0) continue;
    port.lost_by_verdict[verdict_of_reason(reason, port.kind, evidence.peer_wait,
                                           ctx.thresholds)] += d;
  }
  if (!has_interval) return {};
  uint64_t rx = delta(now.rx_packets, base.rx_packets);
  uint64_t offered = delta(now.tx_attempts, base.tx_attempts);
  uint64_t dropped =
      delta(now.rx_dropped, base.rx_dropped) + delta(now.tx_dropped, base.tx_dropped);
  port.rx_pps = per_second(rx, ctx.interval_s);
  port.tx_pps = per_second(delta(now.tx_packets, base.tx_packets), ctx.interval_s);
  port.rx_bps = 8 * per_second(delta(now.rx_bytes, base.rx_bytes), ctx.interval_s);
  port.tx_bps = 8 * per_second(delta(now.tx_bytes, base.tx_bytes), ctx.interval_s);
  port.dropped_pps = per_second(dropped, ctx.interval_s);
  port.loss_ratio = std::min(1.0, ratio(dropped, rx + offered));
  auto verdict = attribute_loss(evidence, ctx.thresholds);
  port.verdict = verdict.verdict;
  port.verdict_text = verdict.text;
  return {dropped, rx + offered};
}

std::vector<api::TelemetryPmd> derive_pmds(const RawSample* previous, const RawSample& current,
                                           double interval_s) {
  std::unordered_map<uint32_t, const api::PmdInfo*> before;
  if (previous != nullptr) {
    for (const auto& pmd : previous->pmds.pmds) before.emplace(pmd.id, &pmd);
  }
  std::vector<api::TelemetryPmd> pmds;
  for (const auto& pmd : current.pmds.pmds) {
    api::TelemetryPmd out;
    out.id = pmd.id;
    out.cpu = pmd.cpu;
    out.numa_node = pmd.numa;
    out.busy_cycles = pmd.busy_cycles;
    out.idle_cycles = pmd.idle_cycles;
    out.packets = pmd.packets;
    auto was = before.find(pmd.id);
    if (was != before.end()) {
      uint64_t busy = delta(pmd.busy_cycles, was->second->busy_cycles);
      uint64_t idle = delta(pmd.idle_cycles, was->second->idle_cycles);
      uint64_t packets = delta(pmd.packets, was->second->packets);
      out.busy_ratio = ratio(busy, busy + idle);
      out.cycles_per_packet = packets == 0 ? 0 : static_cast<double>(busy) / packets;
      auto now = current.pmd_wait_ns.find(pmd.id);
      auto then = previous->pmd_wait_ns.find(pmd.id);
      if (now != current.pmd_wait_ns.end() && then != previous->pmd_wait_ns.end() &&
          now->second >= then->second && interval_s > 0) {
        out.wait_ratio =
            std::min(1.0, static_cast<double>(now->second - then->second) / (interval_s * 1e9));
      }
    }
    pmds.push_back(out);
  }
  return pmds;
}

std::vector<api::TelemetryBridge> derive_bridges(const RawSample& current) {
  std::vector<api::TelemetryBridge> bridges;
  for (const auto& bridge : current.bridges.bridges) {
    uint64_t capacity = bridge.mac_table_size;
    if (bridge.mac_limit > 0) capacity = std::min<uint64_t>(capacity, bridge.mac_limit);
    bridges.push_back({bridge.name, bridge.macs, capacity});
  }
  return bridges;
}

struct Owners {
  std::unordered_map<std::string, const GuestInputs*> by_port;
};

Owners owners_of(const RawSample& current) {
  Owners owners;
  for (const auto& guest : current.guests) {
    for (const auto& port : guest.ports) owners.by_port.emplace(port, &guest);
    for (const auto& port : guest.vf_ports) owners.by_port.emplace(port, &guest);
  }
  return owners;
}

std::string owner(const Owners& owners, const std::string& port) {
  auto it = owners.by_port.find(port);
  return it == owners.by_port.end() ? std::string() : it->second->name;
}

void add_switch_ports(api::TelemetrySample& sample, const RawSample* previous,
                      const RawSample& current, double interval_s,
                      const api::TelemetrySample* previous_derived, const Owners& owners,
                      const AttributionThresholds& thresholds, LossByPort& losses) {
  auto infos = by_name(current.ports.ports);
  auto pmd_busy = std::unordered_map<uint32_t, double>{};
  auto pmd_wait = std::unordered_map<uint32_t, double>{};
  for (const auto& pmd : sample.pmds) {
    pmd_busy[pmd.id] = pmd.busy_ratio;
    pmd_wait[pmd.id] = std::max(0.0, pmd.wait_ratio);
  }
  std::unordered_map<std::string, const api::PortStats*> before;
  if (previous != nullptr) {
    for (const auto& s : previous->stats.ports) before.emplace(s.name, &s);
  }
  std::unordered_map<std::string, const api::TelemetryPort*> derived_before;
  if (previous_derived != nullptr) {
    for (const auto& p : previous_derived->ports) derived_before.emplace(p.name, &p);
  }
  for (const auto& stats : current.stats.ports) {
    api::TelemetryPort port;
    port.name = stats.name;
    port.guest = owner(owners, stats.name);
    if (auto info = infos.find(stats.name); info != infos.end()) {
      port.kind = info->second->type;
      port.bridge = info->second->bridge;
      port.numa_node = info->second->numa;
      port.link = info->second->link == "up";
    }
    LossEvidence evidence;
    evidence.port = port.name;
    evidence.kind = port.kind;
    evidence.guest = port.guest;
    auto was_stats = before.find(stats.name);
    const api::PortStats* was = was_stats == before.end() ? nullptr : was_stats->second;
    for (const auto& q : stats.rx_queues) {
      api::TelemetryQueue queue{q.queue, q.pmd, q.packets, 0, q.pending, q.ring_size};
      if (was != nullptr && interval_s > 0) {
        for (const auto& wq : was->rx_queues) {
          if (wq.queue == q.queue) {
            queue.pps = per_second(delta(q.packets, wq.packets), interval_s);
          }
        }
      }
      evidence.max_pmd_busy = std::max(evidence.max_pmd_busy, pmd_busy[q.pmd]);
      evidence.max_pmd_wait = std::max(evidence.max_pmd_wait, pmd_wait[q.pmd]);
      if (q.ring_size > 0) {
        evidence.max_ring_fill =
            std::max(evidence.max_ring_fill, std::min(1.0, ratio(q.pending, q.ring_size)));
      }
      port.queues.push_back(queue);
    }
    evidence.peer_wait = peer_wait(previous, current, stats.name, interval_s);
    auto derived = derived_before.find(stats.name);
    PortContext ctx{derived == derived_before.end() ? nullptr : derived->second, interval_s,
                    thresholds};
    std::optional<Counters> then;
    if (was != nullptr) then = counters_of(*was);
    losses[stats.name] =
        fill_port(port, counters_of(stats), then ? &*then : nullptr, ctx, evidence);
    sample.ports.push_back(std::move(port));
  }
}

void add_vf_ports(api::TelemetrySample& sample, const RawSample* previous, const RawSample& current,
                  double interval_s, const api::TelemetrySample* previous_derived,
                  const Owners& owners, const AttributionThresholds& thresholds,
                  LossByPort& losses) {
  for (const auto& vf : current.vfs) {
    api::TelemetryPort port;
    port.name = vf.port;
    port.kind = "vf";
    port.guest = owner(owners, vf.port);
    port.numa_node = vf.numa_node;
    port.link = vf.link;
    const VfCounters* was = nullptr;
    if (previous != nullptr) {
      for (const auto& v : previous->vfs) {
        if (v.port == vf.port) was = &v;
      }
    }
    const api::TelemetryPort* derived = nullptr;
    if (previous_derived != nullptr) {
      for (const auto& p : previous_derived->ports) {
        if (p.name == vf.port) derived = &p;
      }
    }
    PortContext ctx{derived, interval_s, thresholds};
    LossEvidence evidence;
    evidence.port = port.name;
    evidence.kind = port.kind;
    evidence.guest = port.guest;
    std::optional<Counters> then;
    if (was != nullptr) then = counters_of(*was);
    losses[vf.port] = fill_port(port, counters_of(vf), then ? &*then : nullptr, ctx, evidence);
    sample.ports.push_back(std::move(port));
  }
}

// A guest's view is the sum of its ports, turned around: what its ports received, it sent.
api::TelemetryGuest derive_guest(
    const GuestInputs& inputs,
    const std::unordered_map<std::string, const api::TelemetryPort*>& ports,
    const LossByPort& losses, const RawSample* previous, const RawSample& current,
    double interval_s) {
  api::TelemetryGuest guest;
  guest.name = inputs.name;
  guest.up = inputs.up;
  PortLoss loss;
  const api::TelemetryPort* worst = nullptr;
  auto add = [&](const std::string& name) {
    guest.ports.push_back(name);
    auto it = ports.find(name);
    if (it == ports.end()) return;
    const auto& p = *it->second;
    guest.rx_pps += p.tx_pps;
    guest.tx_pps += p.rx_pps;
    guest.rx_bps += p.tx_bps;
    guest.tx_bps += p.rx_bps;
    if (auto l = losses.find(name); l != losses.end()) {
      loss.dropped += l->second.dropped;
      loss.offered += l->second.offered;
    }
    if (p.verdict != api::kVerdictNone &&
        (worst == nullptr || p.dropped_pps > worst->dropped_pps)) {
      worst = &p;
    }
    if (p.kind == "vhost") {
      guest.vcpu_wait_ratio =
          std::max(guest.vcpu_wait_ratio, peer_wait(previous, current, name, interval_s));
    }
  };
  for (const auto& port : inputs.ports) add(port);
  for (const auto& port : inputs.vf_ports) add(port);
  guest.loss_ratio = std::min(1.0, ratio(loss.dropped, loss.offered));
  if (worst != nullptr) {
    guest.verdict = worst->verdict;
    guest.verdict_text = worst->verdict_text;
  }
  return guest;
}

// A sample of a switch that did not answer keeps the last known counters of its ports (no
// rates, no verdict), so that totals never go backwards and attribution carries on.
void keep_last_known(api::TelemetrySample& sample, const api::TelemetrySample& before) {
  for (const auto& known : before.ports) {
    if (known.kind == "vf") continue;
    api::TelemetryPort port = known;
    port.link = false;
    port.rx_pps = port.tx_pps = port.rx_bps = port.tx_bps = port.dropped_pps = 0;
    port.loss_ratio = 0;
    port.drop_pps.clear();
    port.verdict = api::kVerdictNone;
    port.verdict_text.clear();
    for (auto& queue : port.queues) queue.pps = 0;
    sample.ports.push_back(std::move(port));
  }
  sample.pmds = before.pmds;
  for (auto& pmd : sample.pmds) {
    pmd.busy_ratio = pmd.cycles_per_packet = 0;
    pmd.wait_ratio = -1;
  }
  sample.bridges = before.bridges;
}

}  // namespace

api::TelemetrySample derive_sample(const RawSample* previous, const RawSample& current,
                                   const api::TelemetrySample* previous_derived,
                                   const AttributionThresholds& thresholds) {
  api::TelemetrySample sample;
  sample.time_s = current.time_s;
  sample.utc = current.utc;
  sample.switch_up = current.switch_up;
  sample.error = current.error;
  // The switch's counters give rates between two samples it answered (the previous one may
  // carry an older baseline: see switch_time_s); VFs do not need the switch.
  const RawSample* switch_before = nullptr;
  double switch_interval = 0;
  if (previous != nullptr && previous->switch_up && current.switch_up &&
      current.switch_time() > previous->switch_time()) {
    switch_before = previous;
    switch_interval = current.switch_time() - previous->switch_time();
  }
  const RawSample* vf_before = nullptr;
  double vf_interval = 0;
  if (previous != nullptr && current.time_s > previous->time_s) {
    vf_before = previous;
    vf_interval = current.time_s - previous->time_s;
  }
  sample.interval_s = current.switch_up ? switch_interval : vf_interval;
  auto owners = owners_of(current);
  LossByPort losses;
  if (current.switch_up) {
    sample.pmds = derive_pmds(switch_before, current, switch_interval);
    sample.bridges = derive_bridges(current);
    add_switch_ports(sample, switch_before, current, switch_interval, previous_derived, owners,
                     thresholds, losses);
  } else if (previous_derived != nullptr) {
    keep_last_known(sample, *previous_derived);
  }
  add_vf_ports(sample, vf_before, current, vf_interval, previous_derived, owners, thresholds,
               losses);
  std::unordered_map<std::string, const api::TelemetryPort*> ports;
  for (const auto& port : sample.ports) ports.emplace(port.name, &port);
  for (const auto& guest : current.guests) {
    sample.guests.push_back(
        derive_guest(guest, ports, losses, switch_before, current, switch_interval));
  }
  return sample;
}

}  // namespace nfv::telemetry
