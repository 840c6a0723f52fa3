// A guest for end-to-end tests: an nfv-traffic process (no hugepages, its own DPDK file
// prefix, its log in the test directory) with a typed C++ method for every command of
// nfv/traffic/protocol.h. Every call has a deadline; a failure's message names the peer
// and the command and ends with the tail of the peer's log.
//
//   NFV_ASSERT_OK_AND_ASSIGN(auto dir, TestDir::create());
//   NFV_ASSERT_OK_AND_ASSIGN(auto peer, TrafficPeer::start(dir, {.name = "a", .ports = {port}}));
//   NFV_ASSERT_OK(peer.wait_link(0));
//   NFV_ASSERT_OK_AND_ASSIGN(auto sent, peer.send(0, spec, 100));
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/testing/subprocess.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/traffic/frame.h"
#include "nfv/traffic/options.h"
#include "nfv/traffic/protocol.h"

namespace nfv::testing {

namespace proto = nfv::traffic::proto;

struct TrafficPeerOptions {
  std::string name = "peer";               // log file <dir>/<name>.log; error messages
  std::vector<traffic::PortOption> ports;  // at least one
  std::vector<std::string> extra_args;     // e.g. {"--lcores", "1"}
  uint32_t memory_mb = 256;
  // Wait until nfv-traffic answers (`ports`) before start() returns. Turn off when a
  // ',server' port waits for a switch that is not started yet.
  bool wait_ready = true;
  std::chrono::milliseconds start_timeout = 30s;
};

class TrafficPeer {
 public:
  static Result<TrafficPeer> start(const TestDir& dir, TrafficPeerOptions options);

  TrafficPeer(TrafficPeer&&) noexcept = default;
  TrafficPeer& operator=(TrafficPeer&&) noexcept = default;
  // Quits politely (with a deadline), else terminates.
  ~TrafficPeer();

  Result<proto::PortsResult> ports();
  Result<proto::WaitLinkResult> wait_link(uint16_t port, std::chrono::milliseconds timeout = 10s);

  Result<proto::SendResult> send(const proto::SendParams& params);
  // `count` frames of `spec` on (port, queue) from the stream's next sequence number.
  Result<proto::SendResult> send(uint16_t port, const traffic::FrameSpec& spec, uint64_t count,
                                 uint16_t queue = 0);
  Result<proto::SendResult> send_hex(uint16_t port, const std::vector<std::vector<uint8_t>>& frames,
                                     uint16_t queue = 0);
  Result<proto::StreamStartResult> stream_start(const proto::StreamStartParams& params);
  Result<proto::StreamStopResult> stream_stop(uint16_t stream);

  Result<proto::StatsResult> stats();
  Result<proto::PortStats> port_stats(uint16_t port);
  Result<proto::WaitRxResult> wait_rx(const proto::WaitRxParams& params);
  Result<proto::WaitRxResult> wait_rx(uint16_t port, uint64_t count,
                                      std::chrono::milliseconds timeout = 10s);

  Status capture(uint16_t port, const std::string& path);
  Result<proto::CaptureStopResult> capture_stop(std::optional<uint16_t> port = std::nullopt);
  // The oldest frames the port kept (up to `max`), removed from its ring.
  Result<std::vector<std::vector<uint8_t>>> recv(uint16_t port, uint32_t max = 64);
  Status pause_rx(uint16_t port);
  // Returns once the port's backlog is drained (or after a second of steady traffic).
  Result<proto::ResumeRxResult> resume_rx(uint16_t port);
  Status clear();

  Result<proto::TrialResult> trial(const proto::TrialParams& params);
  Status forward(const proto::ForwardParams& params);
  Result<proto::SendResult> seed(const proto::SeedParams& params);
  Result<proto::ForwardStopResult> forward_stop();

  // Sends quit and waits for the reply and the exit; the status says how it ended.
  Result<ExitStatus> quit(std::chrono::milliseconds timeout = 20s);

  // Any command, typed by its descriptor; `timeout` bounds the wait for the reply.
  template <typename P, typename R>
  Result<R> call(const api::Method<P, R>& command, const P& params,
                 std::chrono::milliseconds timeout = kCommandTimeout) {
    auto reply = call_raw(proto::make_request(command, params).dump(), command.name, timeout);
    if (!reply) return std::move(reply).error();
    auto decoded = nfv::api::from_wire<R>(*reply, std::string(command.name) + " reply");
    if (!decoded) return failure(command.name, decoded.error().message);
    return decoded;
  }
  // One request line, one reply (the reply's fields without "ok").
  Result<proto::json> call_raw(const std::string& line, std::string_view what,
                               std::chrono::milliseconds timeout = kCommandTimeout);

  const std::string& name() const { return options_.name; }
  // The MAC `port` was started with (unset: virtio-user picked one).
  const std::optional<MacAddress>& mac(uint16_t port = 0) const {
    return options_.ports.at(port).mac;
  }
  const std::string& file_prefix() const { return file_prefix_; }
  const std::string& log_path() const { return process_.log_path(); }
  Subprocess& process() { return process_; }

  static constexpr std::chrono::milliseconds kCommandTimeout = 20s;

 private:
  TrafficPeer(TrafficPeerOptions options, std::string file_prefix, Subprocess process)
      : options_(std::move(options)),
        file_prefix_(std::move(file_prefix)),
        process_(std::move(process)) {}
  // "nfv-traffic peer 'a' (pid 12): send: <message>\n--- last lines of a.log ---\n..."
  Error failure(std::string_view what, const std::string& message) const;

  TrafficPeerOptions options_;
  std::string file_prefix_;
  Subprocess process_;
  bool quit_ = false;
};

}  // namespace nfv::testing
