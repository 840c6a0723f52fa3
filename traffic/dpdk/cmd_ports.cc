// Commands about ports and counters: ports, wait_link, stats, wait_rx, clear,
// pause_rx / resume_rx.
#include <unistd.h>

#include <algorithm>

#include "commands.h"

namespace nfv::traffic {
namespace {

// How often a waiting task looks at the link: reading it asks the vhost-user socket.
constexpr uint64_t kLinkPollMs = 1;

proto::PortStats port_stats(const PortRuntime& runtime, uint16_t index) {
  proto::PortStats stats;
  stats.port = index;
  stats.link_up = runtime.port->link_up();
  stats.rx_paused = runtime.rx_paused;
  for (uint16_t q = 0; q < runtime.queues.size(); ++q) {
    const QueueCounters& c = runtime.queues[q];
    stats.queues.push_back({q, c.rx_packets, c.rx_bytes, c.tx.packets, c.tx.bytes});
    stats.rx_packets += c.rx_packets;
    stats.rx_bytes += c.rx_bytes;
    stats.tx_packets += c.tx.packets;
    stats.tx_bytes += c.tx.bytes;
    stats.tx_failed += c.tx.failed;
  }
  stats.rx_non_test = runtime.rx.non_test();
  stats.rx_corrupt = runtime.rx.corrupt();
  stats.rx_nombuf = runtime.port->rx_nombuf();
  for (const auto& s : runtime.rx.streams()) {
    proto::StreamStats out;
    out.stream = s->id;
    out.received = s->sequence.received();
    out.lost = s->sequence.lost();
    out.reordered = s->sequence.reordered();
    out.duplicated = s->sequence.duplicated();
    out.first_seq = s->sequence.first().value_or(0);
    out.last_seq = s->sequence.last().value_or(0);
    out.highest_seq = s->sequence.highest().value_or(0);
    out.latency = latency_stats(s->latency_ns);
    stats.streams.push_back(out);
  }
  std::sort(stats.streams.begin(), stats.streams.end(),
            [](const auto& a, const auto& b) { return a.stream < b.stream; });
  return stats;
}

}  // namespace

TaskResult ports_task(const Setup& setup, const api::Empty&) {
  return make_task([&setup](DatapathState& state, uint64_t) -> std::optional<Result<json>> {
    proto::PortsResult result;
    for (const Setup::Port& p : setup.ports) {
      result.ports.push_back({p.index, p.name, p.option.socket, format_mac(p.mac), p.option.queues,
                              p.queues, p.option.server, state.ports[p.index].port->link_up()});
    }
    result.file_prefix = setup.file_prefix;
    result.pid = getpid();
    result.tsc_hz = setup.tsc_hz;
    result.busy_poll = setup.busy_poll;
    result.worker_lcore = setup.worker_lcore;
    return reply(result);
  });
}

TaskResult wait_link_task(const Setup& setup, const proto::WaitLinkParams& params) {
  NFV_TRY(setup.check_port(params.port));
  uint64_t start = 0;
  uint64_t next_check = 0;
  return make_task([&setup, params, start, next_check](
                       DatapathState& state, uint64_t now) mutable -> std::optional<Result<json>> {
    if (start == 0) start = now;
    if (now < next_check) return std::nullopt;
    next_check = now + setup.ms_to_tsc(kLinkPollMs);
    auto waited_ms = static_cast<uint32_t>(setup.tsc_to_s(now - start) * 1000);
    if (state.ports[params.port].port->link_up()) {
      return reply(proto::WaitLinkResult{params.port, waited_ms});
    }
    if (now - start >= setup.ms_to_tsc(params.timeout_ms)) {
      const Setup::Port& p = setup.ports[params.port];
      return Result<json>(make_error(
          "port {} ({}): link still down after {} ms; is the switch up with a vhost-user port on "
          "{}{}?",
          params.port, p.name, params.timeout_ms, p.option.socket,
          p.option.server ? " connecting as a client (nfv-traffic is the server here)" : ""));
    }
    return std::nullopt;
  });
}

TaskResult stats_task(const Setup& setup, const proto::StatsParams& params) {
  if (params.port) NFV_TRY(setup.check_port(*params.port));
  return make_task([params](DatapathState& state, uint64_t) -> std::optional<Result<json>> {
    proto::StatsResult result;
    for (uint16_t i = 0; i < state.ports.size(); ++i) {
      if (params.port && *params.port != i) continue;
      result.ports.push_back(port_stats(state.ports[i], i));
    }
    return reply(result);
  });
}

TaskResult wait_rx_task(const Setup& setup, const proto::WaitRxParams& params) {
  if (params.queue) {
    NFV_TRY(setup.check_queue(params.port, *params.queue));
  } else {
    NFV_TRY(setup.check_port(params.port));
  }
  if (params.until_seq && !params.stream) {
    return make_error("wait_rx: until_seq needs stream (sequence numbers are per stream)");
  }
  if (params.queue && params.stream) {
    return make_error("wait_rx: give queue or stream, not both");
  }
  uint64_t start = 0;
  return make_task([&setup, params, start](DatapathState& state,
                                           uint64_t now) mutable -> std::optional<Result<json>> {
    if (start == 0) start = now;
    const PortRuntime& runtime = state.ports[params.port];
    uint64_t received = 0;
    bool sequence_reached = true;
    if (params.stream) {
      const StreamRx* s = runtime.rx.stream(*params.stream);
      received = s ? s->sequence.unique() : 0;
      if (params.until_seq) {
        sequence_reached = s && s->sequence.highest().value_or(0) >= *params.until_seq;
      }
    } else if (params.queue) {
      received = runtime.queues[*params.queue].rx_packets;
    } else {
      received = runtime.rx_packets();
    }
    auto waited_ms = static_cast<uint32_t>(setup.tsc_to_s(now - start) * 1000);
    if (received >= params.count && sequence_reached) {
      return reply(proto::WaitRxResult{params.port, received, waited_ms});
    }
    if (now - start >= setup.ms_to_tsc(params.timeout_ms)) {
      std::string what = params.stream  ? fmt::format(" of stream {}", *params.stream)
                         : params.queue ? fmt::format(" on queue {}", *params.queue)
                                        : std::string();
      if (params.until_seq) what += fmt::format(" (up to sequence {})", *params.until_seq);
      return Result<json>(make_error(
          "port {}: received {} of {} frames{} within {} ms{}; check the sender's stats and the "
          "switch's drop counters",
          params.port, received, params.count, what, params.timeout_ms,
          runtime.rx_paused ? " (its rx is paused: resume_rx)" : ""));
    }
    return std::nullopt;
  });
}

TaskResult clear_task(const Setup&, const api::Empty&) {
  return make_task([](DatapathState& state, uint64_t now) -> std::optional<Result<json>> {
    state.clear_counters(now);
    return reply(api::Empty{});
  });
}

TaskResult pause_rx_task(const Setup& setup, const proto::PortParams& params) {
  NFV_TRY(setup.check_port(params.port));
  return make_task([params](DatapathState& state, uint64_t) -> std::optional<Result<json>> {
    state.ports[params.port].rx_paused = true;
    return reply(api::Empty{});
  });
}

// Replies once a receive pass found the port empty, so that what the switch queued while
// the guest was paused is in before the caller sends anything new.
TaskResult resume_rx_task(const Setup& setup, const proto::ResumeRxParams& params) {
  NFV_TRY(setup.check_port(params.port));
  uint64_t start = 0;
  uint64_t empty_polls = 0;
  uint64_t rx_before = 0;
  return make_task([&setup, params, start, empty_polls, rx_before](
                       DatapathState& state, uint64_t now) mutable -> std::optional<Result<json>> {
    PortRuntime& runtime = state.ports[params.port];
    if (start == 0) {
      start = now;
      runtime.rx_paused = false;
      empty_polls = runtime.empty_polls;
      rx_before = runtime.rx_packets();
      return std::nullopt;
    }
    bool drained = runtime.empty_polls > empty_polls;
    if (drained || now - start >= setup.ms_to_tsc(params.timeout_ms)) {
      return reply(proto::ResumeRxResult{drained, runtime.rx_packets() - rx_before});
    }
    return std::nullopt;
  });
}

}  // namespace nfv::traffic
