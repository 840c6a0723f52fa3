// Closed-loop throughput: forward (io forwarding between ports, like testpmd's io mode),
// seed (inject bursts that then circulate through the switch), forward_stop.
#include <set>

#include "commands.h"

namespace nfv::traffic {
namespace {
constexpr uint64_t kSeedTimeoutMs = 5000;
}

TaskResult forward_task(const Setup& setup, const proto::ForwardParams& params) {
  if (params.pairs.empty()) return make_error("forward: pairs is empty, e.g. [[0,1],[1,0]]");
  std::set<uint16_t> rx_ports;
  for (size_t i = 0; i < params.pairs.size(); ++i) {
    const auto& pair = params.pairs[i];
    if (pair.size() != 2) {
      return make_error("forward.pairs[{}]: a pair is [rx_port, tx_port], got {} numbers", i,
                        pair.size());
    }
    NFV_TRY(setup.check_port(pair[0]));
    NFV_TRY(setup.check_port(pair[1]));
    if (!rx_ports.insert(pair[0]).second) {
      return make_error("forward.pairs[{}]: port {} already receives for another pair", i, pair[0]);
    }
  }
  std::string mode = params.mode.value_or("io");
  if (mode != "io" && mode != "mac") {
    return make_error("forward.mode '{}': use \"io\" (frames unchanged) or \"mac\"", mode);
  }
  uint32_t flows = params.flows.value_or(1);
  if (flows == 0 || flows > (1U << 24)) {
    return make_error("forward.flows {}: use 1 .. {} (the low 24 bits of a MAC)", flows, 1U << 24);
  }
  if (flows > 1 && mode != "mac") {
    return make_error("forward.flows {}: rewriting MACs per flow needs \"mode\": \"mac\"", flows);
  }
  return make_task(
      [params, mode, flows](DatapathState& state, uint64_t now) -> std::optional<Result<json>> {
        Forwarding& forwarding = state.forwarding;
        if (forwarding.active) {
          return Result<json>(make_error("already forwarding; run forward_stop first"));
        }
        forwarding = Forwarding{};
        forwarding.rewrite_macs = mode == "mac";
        forwarding.flows = flows;
        for (const auto& pair : params.pairs) {
          ForwardPair forward_pair;
          forward_pair.rx = pair[0];
          forward_pair.tx = pair[1];
          forwarding.pairs.push_back(forward_pair);
          state.ports[pair[0]].rx_forwarded = true;
        }
        forwarding.since_tsc = now;
        forwarding.active = true;
        return reply(api::Empty{});
      });
}

TaskResult seed_task(const Setup& setup, const proto::SeedParams& params) {
  NFV_TRY(setup.check_queue(params.port, params.queue));
  if (params.bursts == 0) return make_error("seed: bursts must be at least 1");
  proto::FrameParams frame = params.frame.value_or(proto::FrameParams{});
  auto checked = setup.builder(params.port, frame, kBroadcastMac);
  if (!checked) return std::move(checked).error();
  uint64_t count = uint64_t{params.bursts} * kBurst;
  return make_task(
      [&setup, params, frame, count, job = std::unique_ptr<TxJob>(), deadline = uint64_t{0}](
          DatapathState& state, uint64_t now) mutable -> std::optional<Result<json>> {
        if (!job) {
          if (!state.forwarding.active) {
            return Result<json>(make_error("seed: not forwarding; run forward first"));
          }
          // Frames that come back through this port's partner keep a learnable destination:
          // the port whose received frames are forwarded out of this one.
          MacAddress dst = kBroadcastMac;
          for (const ForwardPair& pair : state.forwarding.pairs) {
            if (pair.tx == params.port) dst = setup.ports[pair.rx].mac;
          }
          auto builder = setup.builder(params.port, frame, dst);
          if (!builder) return Result<json>(std::move(builder).error());
          job = std::make_unique<TxJob>(state.target(params.port, params.queue),
                                        std::move(builder).value(), 0, count, 0, setup.tsc_hz, now);
          deadline = now + setup.ms_to_tsc(kSeedTimeoutMs);
        }
        state.poll(*job, now);
        if (!job->finished() && now < deadline) return std::nullopt;
        job->abandon();
        proto::SendResult result{job->accepted(), count - job->accepted(), 0, job->next_seq(),
                                 setup.tsc_to_s(now - job->start_tsc())};
        return reply(result);
      });
}

TaskResult forward_stop_task(const Setup& setup, const api::Empty&) {
  return make_task([&setup](DatapathState& state, uint64_t now) -> std::optional<Result<json>> {
    Forwarding& forwarding = state.forwarding;
    if (!forwarding.active) return Result<json>(make_error("not forwarding"));
    proto::ForwardStopResult result;
    for (const ForwardPair& pair : forwarding.pairs) {
      result.pairs.push_back({pair.rx, pair.tx, pair.packets, pair.bytes});
      result.packets += pair.packets;
      state.ports[pair.rx].rx_forwarded = false;
    }
    result.elapsed_s = setup.tsc_to_s(now - forwarding.since_tsc);
    result.pps = result.elapsed_s > 0 ? static_cast<double>(result.packets) / result.elapsed_s : 0;
    uint64_t busy = state.busy_cycles - forwarding.since_busy_cycles;
    result.cycles_per_packet =
        result.packets ? static_cast<double>(busy) / static_cast<double>(result.packets) : 0;
    state.release_forwarding();
    return reply(result);
  });
}

}  // namespace nfv::traffic
