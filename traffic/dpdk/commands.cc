#include "commands.h"

#include <fmt/format.h>

#include <functional>
#include <map>

#include "nfv/traffic/latency_histogram.h"

namespace nfv::traffic {

Status Setup::check_port(uint16_t port) const {
  if (port >= ports.size()) {
    return make_error(
        "port {} does not exist: nfv-traffic has {} port(s), numbered from 0 in "
        "--port order",
        port, ports.size());
  }
  return {};
}

Status Setup::check_queue(uint16_t port, uint16_t queue) const {
  NFV_TRY(check_port(port));
  if (queue >= ports[port].queues) {
    return make_error(
        "port {} ({}): queue {} is not enabled; the port has {} enabled queue "
        "pair(s) (--port ...,enable=K)",
        port, ports[port].option.socket, queue, ports[port].queues);
  }
  return {};
}

Result<FrameBuilder> Setup::builder(uint16_t port, const proto::FrameParams& frame,
                                    const MacAddress& default_dst) const {
  NFV_TRY(check_port(port));
  auto spec = proto::to_frame_spec(frame, ports[port].mac, default_dst);
  if (!spec) return std::move(spec).error();
  if (spec->sizes.max_size() > max_frame_size) {
    return make_error("frame size {} does not fit one mbuf ({} bytes); use at most {}",
                      spec->sizes.max_size(), max_frame_size, max_frame_size);
  }
  return FrameBuilder::create(*spec);
}

proto::LatencyStats latency_stats(const LatencyHistogram& latency_ns) {
  auto us = [](uint64_t ns) { return static_cast<double>(ns) / 1000.0; };
  proto::LatencyStats stats;
  stats.samples = latency_ns.count();
  stats.min_us = us(latency_ns.min());
  stats.p50_us = us(latency_ns.percentile(50));
  stats.p99_us = us(latency_ns.percentile(99));
  stats.max_us = us(latency_ns.max());
  stats.mean_us = latency_ns.mean() / 1000.0;
  return stats;
}

namespace {

using Handler = std::function<TaskResult(const Setup&, const json&)>;

template <typename P, typename R>
void add(std::map<std::string, Handler, std::less<>>& table, const api::Method<P, R>& command,
         TaskResult (*make)(const Setup&, const P&)) {
  std::string name(command.name);
  table[name] = [name, make](const Setup& setup, const json& params) -> TaskResult {
    auto decoded = nfv::api::from_wire<P>(params, name);
    if (!decoded) return std::move(decoded).error();
    return make(setup, *decoded);
  };
}

const std::map<std::string, Handler, std::less<>>& command_table() {
  static const auto table = [] {
    std::map<std::string, Handler, std::less<>> t;
    add(t, proto::kPorts, &ports_task);
    add(t, proto::kWaitLink, &wait_link_task);
    add(t, proto::kSend, &send_task);
    add(t, proto::kSendHex, &send_hex_task);
    add(t, proto::kStreamStart, &stream_start_task);
    add(t, proto::kStreamStop, &stream_stop_task);
    add(t, proto::kStats, &stats_task);
    add(t, proto::kWaitRx, &wait_rx_task);
    add(t, proto::kCapture, &capture_task);
    add(t, proto::kCaptureStop, &capture_stop_task);
    add(t, proto::kRecv, &recv_task);
    add(t, proto::kPauseRx, &pause_rx_task);
    add(t, proto::kResumeRx, &resume_rx_task);
    add(t, proto::kClear, &clear_task);
    add(t, proto::kTrial, &trial_task);
    add(t, proto::kForward, &forward_task);
    add(t, proto::kSeed, &seed_task);
    add(t, proto::kForwardStop, &forward_stop_task);
    return t;
  }();
  return table;
}

}  // namespace

Result<std::unique_ptr<Task>> make_command_task(const Setup& setup, const proto::Request& request) {
  const auto& table = command_table();
  auto it = table.find(request.cmd);
  if (it == table.end()) {
    return make_error("unknown command '{}'; commands: {}", request.cmd,
                      join(api::method_names(proto::kAllCommands), ", "));
  }
  return it->second(setup, request.params);
}

}  // namespace nfv::traffic
