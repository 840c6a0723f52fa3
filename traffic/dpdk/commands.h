// The commands of nfv-traffic's protocol (protocol.h): each decodes its parameters and
// checks them against the static set-up on the control thread, so most mistakes are
// reported before anything reaches the datapath; then it returns the Task that does the
// work on the datapath thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datapath.h"
#include "nfv/common/result.h"
#include "nfv/traffic/protocol.h"

namespace nfv::traffic {

// Facts fixed at start-up that commands are checked against.
struct Setup {
  struct Port {
    uint16_t index = 0;
    std::string name;
    PortOption option;
    MacAddress mac{};
    uint16_t queues = 0;  // enabled
  };
  std::vector<Port> ports;
  std::string file_prefix;
  uint64_t tsc_hz = 0;
  uint32_t max_frame_size = 0;
  bool busy_poll = false;
  bool worker_lcore = false;

  Status check_port(uint16_t port) const;
  Status check_queue(uint16_t port, uint16_t queue) const;
  // The frames a command generates on `port`; src defaults to the port's MAC.
  Result<FrameBuilder> builder(uint16_t port, const proto::FrameParams& frame,
                               const MacAddress& default_dst) const;
  uint64_t ms_to_tsc(uint64_t ms) const { return tsc_hz / 1000 * ms; }
  double tsc_to_s(uint64_t cycles) const {
    return static_cast<double>(cycles) / static_cast<double>(tsc_hz);
  }
};

inline constexpr MacAddress kBroadcastMac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

proto::LatencyStats latency_stats(const LatencyHistogram& latency_ns);

// A task's successful reply.
template <typename R>
std::optional<Result<json>> reply(const R& result) {
  return Result<json>(nfv::api::to_wire(result));
}

// Decodes `request` and makes its task. quit is the control loop's, not a task.
Result<std::unique_ptr<Task>> make_command_task(const Setup& setup, const proto::Request& request);

// Per family, in their own files.
using TaskResult = Result<std::unique_ptr<Task>>;
TaskResult ports_task(const Setup& setup, const api::Empty& params);
TaskResult wait_link_task(const Setup& setup, const proto::WaitLinkParams& params);
TaskResult stats_task(const Setup& setup, const proto::StatsParams& params);
TaskResult wait_rx_task(const Setup& setup, const proto::WaitRxParams& params);
TaskResult clear_task(const Setup& setup, const api::Empty& params);
TaskResult pause_rx_task(const Setup& setup, const proto::PortParams& params);
TaskResult resume_rx_task(const Setup& setup, const proto::ResumeRxParams& params);
TaskResult capture_task(const Setup& setup, const proto::CaptureParams& params);
TaskResult capture_stop_task(const Setup& setup, const proto::StatsParams& params);
TaskResult recv_task(const Setup& setup, const proto::RecvParams& params);
TaskResult send_task(const Setup& setup, const proto::SendParams& params);
TaskResult send_hex_task(const Setup& setup, const proto::SendHexParams& params);
TaskResult stream_start_task(const Setup& setup, const proto::StreamStartParams& params);
TaskResult stream_stop_task(const Setup& setup, const proto::StreamStopParams& params);
TaskResult trial_task(const Setup& setup, const proto::TrialParams& params);
TaskResult forward_task(const Setup& setup, const proto::ForwardParams& params);
TaskResult seed_task(const Setup& setup, const proto::SeedParams& params);
TaskResult forward_stop_task(const Setup& setup, const api::Empty& params);

}  // namespace nfv::traffic
