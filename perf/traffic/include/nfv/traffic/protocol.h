// nfv-traffic's control protocol: one JSON object per line on stdin,
//   {"cmd":"send","port":0,"count":10,"frame":{"dst":"02:00:00:00:00:02","size":64}}
// and exactly one reply line per command on stdout:
//   {"ok":true,"sent":10,"failed":0,...}   or   {"ok":false,"error":"..."}
// Every command's parameter and result types are listed here once; nfv-traffic decodes with
// them and the test fixture (TrafficPeer) encodes with them, so the two cannot disagree.
// Directions are the guest's: rx = frames nfv-traffic received from the switch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/common/result.h"
#include "nfv/traffic/frame.h"

namespace nfv::traffic::proto {

using nfv::api::json;
using nfv::api::optional;
using nfv::api::required;

template <typename P, typename R>
struct Command {
  using Params = P;
  using Result = R;
  std::string_view name;
  std::string_view help;
};

struct None {
  static constexpr auto fields() { return std::tuple<>{}; }
};

// ---- frames --------------------------------------------------------------------------

// How generated frames look. Sizes: exactly one of `size`, `size_min`+`size_max` (hashed
// or swept), or `imix`. Without `src`/`dst` a command uses its port's MAC and broadcast.
struct FrameParams {
  std::optional<std::string> src;
  std::optional<std::string> dst;
  std::optional<uint16_t> vlan;  // VLAN id 0-4095: adds an 802.1Q tag
  std::optional<uint8_t> pcp;    // priority 0-7 of the tag
  std::optional<uint32_t> size;
  std::optional<uint32_t> size_min;
  std::optional<uint32_t> size_max;
  std::optional<std::string> size_order;  // "hashed" (default) or "sweep"
  std::optional<uint32_t> size_step;      // sweep step (default 1)
  std::optional<bool> imix;
  std::optional<uint16_t> stream;
  std::optional<uint32_t> seed;
  std::optional<uint32_t> flows;          // distinct MACs, 1-16777216
  std::optional<std::string> flow_field;  // "src_mac" (default) or "dst_mac"
  std::optional<bool> timestamp;          // default true; false: frames independent of time
  static constexpr auto fields() {
    return std::tuple{optional("src", &FrameParams::src, "source MAC (default: the port's)"),
                      optional("dst", &FrameParams::dst, "destination MAC (default: broadcast)"),
                      optional("vlan", &FrameParams::vlan, "VLAN id: adds an 802.1Q tag"),
                      optional("pcp", &FrameParams::pcp, "VLAN priority 0-7"),
                      optional("size", &FrameParams::size, "fixed frame size (bytes without FCS)"),
                      optional("size_min", &FrameParams::size_min, "smallest size of a range"),
                      optional("size_max", &FrameParams::size_max, "largest size of a range"),
                      optional("size_order", &FrameParams::size_order, "hashed (default) or sweep"),
                      optional("size_step", &FrameParams::size_step, "sweep step"),
                      optional("imix", &FrameParams::imix, "7:4:1 of 64/570/1518"),
                      optional("stream", &FrameParams::stream, "stream id in the test header"),
                      optional("seed", &FrameParams::seed, "payload seed"),
                      optional("flows", &FrameParams::flows, "number of MACs to cycle through"),
                      optional("flow_field", &FrameParams::flow_field, "src_mac or dst_mac"),
                      optional("timestamp", &FrameParams::timestamp, "stamp the TSC for latency")};
  }
};

Result<FrameSpec> to_frame_spec(const FrameParams& params, const MacAddress& default_src,
                                const MacAddress& default_dst);
FrameParams to_frame_params(const FrameSpec& spec);

// ---- ports and links -----------------------------------------------------------------

struct PortInfo {
  uint16_t port = 0;
  std::string name;
  std::string socket;
  std::string mac;
  uint16_t queues = 0;          // offered by the device
  uint16_t enabled_queues = 0;  // configured
  bool server = false;
  bool link_up = false;
  static constexpr auto fields() {
    return std::tuple{required("port", &PortInfo::port),
                      required("name", &PortInfo::name),
                      required("socket", &PortInfo::socket),
                      required("mac", &PortInfo::mac),
                      required("queues", &PortInfo::queues),
                      required("enabled_queues", &PortInfo::enabled_queues),
                      required("server", &PortInfo::server),
                      required("link_up", &PortInfo::link_up)};
  }
};
struct PortsResult {
  std::vector<PortInfo> ports;
  std::string file_prefix;
  int64_t pid = 0;
  uint64_t tsc_hz = 0;
  bool busy_poll = false;
  bool worker_lcore = false;  // the datapath has its own lcore
  static constexpr auto fields() {
    return std::tuple{required("ports", &PortsResult::ports),
                      required("file_prefix", &PortsResult::file_prefix),
                      required("pid", &PortsResult::pid),
                      required("tsc_hz", &PortsResult::tsc_hz),
                      required("busy_poll", &PortsResult::busy_poll),
                      required("worker_lcore", &PortsResult::worker_lcore)};
  }
};

struct PortParams {
  uint16_t port = 0;
  static constexpr auto fields() { return std::tuple{required("port", &PortParams::port)}; }
};

struct WaitLinkParams {
  uint16_t port = 0;
  uint32_t timeout_ms = 5000;
  static constexpr auto fields() {
    return std::tuple{required("port", &WaitLinkParams::port),
                      optional("timeout_ms", &WaitLinkParams::timeout_ms)};
  }
};
struct WaitLinkResult {
  uint16_t port = 0;
  uint32_t waited_ms = 0;
  static constexpr auto fields() {
    return std::tuple{required("port", &WaitLinkResult::port),
                      required("waited_ms", &WaitLinkResult::waited_ms)};
  }
};

// ---- sending -------------------------------------------------------------------------

struct SendParams {
  uint16_t port = 0;
  uint16_t queue = 0;
  uint64_t count = 1;
  FrameParams frame;
  uint64_t rate_pps = 0;              // 0: as fast as the ring takes them
  std::optional<uint64_t> first_seq;  // default: where the stream's last send stopped
  uint32_t timeout_ms = 10000;        // give up on a full ring after this long
  static constexpr auto fields() {
    return std::tuple{required("port", &SendParams::port),
                      optional("queue", &SendParams::queue),
                      required("count", &SendParams::count),
                      optional("frame", &SendParams::frame),
                      optional("rate_pps", &SendParams::rate_pps),
                      optional("first_seq", &SendParams::first_seq),
                      optional("timeout_ms", &SendParams::timeout_ms)};
  }
};
struct SendResult {
  uint64_t sent = 0;
  uint64_t failed = 0;  // not accepted by the ring before the deadline
  uint64_t first_seq = 0;
  uint64_t next_seq = 0;
  double duration_s = 0;
  static constexpr auto fields() {
    return std::tuple{required("sent", &SendResult::sent), required("failed", &SendResult::failed),
                      required("first_seq", &SendResult::first_seq),
                      required("next_seq", &SendResult::next_seq),
                      required("duration_s", &SendResult::duration_s)};
  }
};

struct SendHexParams {
  uint16_t port = 0;
  uint16_t queue = 0;
  std::vector<std::string> frames;
  uint32_t timeout_ms = 10000;
  static constexpr auto fields() {
    return std::tuple{required("port", &SendHexParams::port),
                      optional("queue", &SendHexParams::queue),
                      required("frames", &SendHexParams::frames),
                      optional("timeout_ms", &SendHexParams::timeout_ms)};
  }
};

struct StreamStartParams {
  uint16_t port = 0;
  uint16_t queue = 0;
  uint16_t stream = 0;  // the handle, and the stream id in the frames
  uint64_t rate_pps = 1000;
  uint64_t count = 0;  // 0: until stream_stop
  FrameParams frame;
  static constexpr auto fields() {
    return std::tuple{required("port", &StreamStartParams::port),
                      optional("queue", &StreamStartParams::queue),
                      required("stream", &StreamStartParams::stream),
                      required("rate_pps", &StreamStartParams::rate_pps),
                      optional("count", &StreamStartParams::count),
                      optional("frame", &StreamStartParams::frame)};
  }
};
struct StreamStartResult {
  uint16_t stream = 0;
  uint64_t first_seq = 0;
  static constexpr auto fields() {
    return std::tuple{required("stream", &StreamStartResult::stream),
                      required("first_seq", &StreamStartResult::first_seq)};
  }
};
struct StreamStopParams {
  uint16_t stream = 0;
  static constexpr auto fields() {
    return std::tuple{required("stream", &StreamStopParams::stream)};
  }
};
struct StreamStopResult {
  uint16_t stream = 0;
  uint64_t sent = 0;
  uint64_t failed = 0;
  uint64_t next_seq = 0;
  static constexpr auto fields() {
    return std::tuple{required("stream", &StreamStopResult::stream),
                      required("sent", &StreamStopResult::sent),
                      required("failed", &StreamStopResult::failed),
                      required("next_seq", &StreamStopResult::next_seq)};
  }
};

// ---- receiving -----------------------------------------------------------------------

struct LatencyStats {
  uint64_t samples = 0;
  double min_us = 0;
  double p50_us = 0;
  double p99_us = 0;
  double max_us = 0;
  double mean_us = 0;
  static constexpr auto fields() {
    return std::tuple{
        required("samples", &LatencyStats::samples), required("min_us", &LatencyStats::min_us),
        required("p50_us", &LatencyStats::p50_us),   required("p99_us", &LatencyStats::p99_us),
        required("max_us", &LatencyStats::max_us),   required("mean_us", &LatencyStats::mean_us)};
  }
};

struct StreamStats {
  uint16_t stream = 0;
  uint64_t received = 0;
  uint64_t lost = 0;
  uint64_t reordered = 0;
  uint64_t duplicated = 0;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  uint64_t highest_seq = 0;
  LatencyStats latency;
  static constexpr auto fields() {
    return std::tuple{required("stream", &StreamStats::stream),
                      required("received", &StreamStats::received),
                      required("lost", &StreamStats::lost),
                      required("reordered", &StreamStats::reordered),
                      required("duplicated", &StreamStats::duplicated),
                      required("first_seq", &StreamStats::first_seq),
                      required("last_seq", &StreamStats::last_seq),
                      required("highest_seq", &StreamStats::highest_seq),
                      required("latency", &StreamStats::latency)};
  }
};

struct QueueStats {
  uint16_t queue = 0;
  uint64_t rx_packets = 0;
  uint64_t rx_bytes = 0;
  uint64_t tx_packets = 0;
  uint64_t tx_bytes = 0;
  static constexpr auto fields() {
    return std::tuple{required("queue", &QueueStats::queue),
                      required("rx_packets", &QueueStats::rx_packets),
                      required("rx_bytes", &QueueStats::rx_bytes),
                      required("tx_packets", &QueueStats::tx_packets),
                      required("tx_bytes", &QueueStats::tx_bytes)};
  }
};

struct PortStats {
  uint16_t port = 0;
  bool link_up = false;
  bool rx_paused = false;
  uint64_t rx_packets = 0;
  uint64_t rx_bytes = 0;
  uint64_t tx_packets = 0;
  uint64_t tx_bytes = 0;
  uint64_t tx_failed = 0;    // frames the tx ring refused and nfv-traffic gave up on
  uint64_t rx_non_test = 0;  // received frames that are not test frames
  uint64_t rx_corrupt = 0;   // test frames whose magic, length or payload is wrong
  uint64_t rx_nombuf = 0;    // ethdev: receive failed for lack of mbufs
  std::vector<QueueStats> queues;
  std::vector<StreamStats> streams;
  static constexpr auto fields() {
    return std::tuple{required("port", &PortStats::port),
                      required("link_up", &PortStats::link_up),
                      required("rx_paused", &PortStats::rx_paused),
                      required("rx_packets", &PortStats::rx_packets),
                      required("rx_bytes", &PortStats::rx_bytes),
                      required("tx_packets", &PortStats::tx_packets),
                      required("tx_bytes", &PortStats::tx_bytes),
                      required("tx_failed", &PortStats::tx_failed),
                      required("rx_non_test", &PortStats::rx_non_test),
                      required("rx_corrupt", &PortStats::rx_corrupt),
                      required("rx_nombuf", &PortStats::rx_nombuf),
                      required("queues", &PortStats::queues),
                      required("streams", &PortStats::streams)};
  }
  const StreamStats* stream(uint16_t id) const;
};

struct StatsParams {
  std::optional<uint16_t> port;
  static constexpr auto fields() { return std::tuple{optional("port", &StatsParams::port)}; }
};
struct StatsResult {
  std::vector<PortStats> ports;
  static constexpr auto fields() { return std::tuple{required("ports", &StatsResult::ports)}; }
};

struct WaitRxParams {
  uint16_t port = 0;
  uint64_t count = 0;
  uint32_t timeout_ms = 5000;
  std::optional<uint16_t> queue;      // count that queue's frames only
  std::optional<uint16_t> stream;     // count that stream's distinct test frames only
  std::optional<uint64_t> until_seq;  // with stream: also until its highest sequence >= this
  static constexpr auto fields() {
    return std::tuple{required("port", &WaitRxParams::port),
                      optional("count", &WaitRxParams::count),
                      optional("timeout_ms", &WaitRxParams::timeout_ms),
                      optional("queue", &WaitRxParams::queue),
                      optional("stream", &WaitRxParams::stream),
                      optional("until_seq", &WaitRxParams::until_seq)};
  }
};
struct WaitRxResult {
  uint16_t port = 0;
  uint64_t received = 0;
  uint32_t waited_ms = 0;
  static constexpr auto fields() {
    return std::tuple{required("port", &WaitRxResult::port),
                      required("received", &WaitRxResult::received),
                      required("waited_ms", &WaitRxResult::waited_ms)};
  }
};

struct ResumeRxParams {
  uint16_t port = 0;
  uint32_t timeout_ms = 1000;  // longest wait for an empty poll (traffic may never stop)
  static constexpr auto fields() {
    return std::tuple{required("port", &ResumeRxParams::port),
                      optional("timeout_ms", &ResumeRxParams::timeout_ms)};
  }
};
struct ResumeRxResult {
  bool drained = false;  // a poll found every queue empty: the backlog is in
  uint64_t frames = 0;   // received since the resume
  static constexpr auto fields() {
    return std::tuple{required("drained", &ResumeRxResult::drained),
                      required("frames", &ResumeRxResult::frames)};
  }
};

struct CaptureParams {
  uint16_t port = 0;
  std::string path;
  static constexpr auto fields() {
    return std::tuple{required("port", &CaptureParams::port),
                      required("path", &CaptureParams::path)};
  }
};
struct CapturedFile {
  uint16_t port = 0;
  std::string path;
  uint64_t frames = 0;
  static constexpr auto fields() {
    return std::tuple{required("port", &CapturedFile::port), required("path", &CapturedFile::path),
                      required("frames", &CapturedFile::frames)};
  }
};
struct CaptureStopResult {
  std::vector<CapturedFile> captures;
  static constexpr auto fields() {
    return std::tuple{required("captures", &CaptureStopResult::captures)};
  }
};

struct RecvParams {
  uint16_t port = 0;
  uint32_t max = 64;
  static constexpr auto fields() {
    return std::tuple{required("port", &RecvParams::port), optional("max", &RecvParams::max)};
  }
};
struct RecvResult {
  std::vector<std::string> frames;  // hex, oldest first; returned frames leave the ring
  uint64_t overwritten = 0;         // frames the ring dropped unread since the last recv
  static constexpr auto fields() {
    return std::tuple{required("frames", &RecvResult::frames),
                      required("overwritten", &RecvResult::overwritten)};
  }
};

// ---- benchmarks ----------------------------------------------------------------------

struct TrialParams {
  std::vector<uint16_t> tx_ports;
  std::optional<std::vector<uint16_t>> rx_ports;  // default: the other port of a pair
  uint64_t rate_pps = 0;                          // per direction; 0: as fast as possible
  double duration_s = 1;
  double warmup_s = 0;
  uint32_t drain_ms = 500;  // how long to wait for frames still in flight
  uint16_t queue = 0;
  std::optional<uint32_t> flows;
  FrameParams frame;  // src/dst/stream are set per direction
  static constexpr auto fields() {
    return std::tuple{required("tx_ports", &TrialParams::tx_ports),
                      optional("rx_ports", &TrialParams::rx_ports),
                      required("rate_pps", &TrialParams::rate_pps),
                      required("duration_s", &TrialParams::duration_s),
                      optional("warmup_s", &TrialParams::warmup_s),
                      optional("drain_ms", &TrialParams::drain_ms),
                      optional("queue", &TrialParams::queue),
                      optional("flows", &TrialParams::flows),
                      optional("frame", &TrialParams::frame)};
  }
};
struct TrialDirection {
  uint16_t tx_port = 0;
  uint16_t rx_port = 0;
  uint64_t sent = 0;
  uint64_t tx_failed = 0;
  uint64_t received = 0;  // distinct frames of this direction
  uint64_t lost = 0;      // sent - received
  double loss_ratio = 0;
  uint64_t reordered = 0;
  uint64_t duplicated = 0;
  uint64_t corrupt = 0;
  double tx_rate_pps = 0;  // achieved
  double rx_rate_pps = 0;
  double duration_s = 0;
  LatencyStats latency;
  static constexpr auto fields() {
    return std::tuple{required("tx_port", &TrialDirection::tx_port),
                      required("rx_port", &TrialDirection::rx_port),
                      required("sent", &TrialDirection::sent),
                      required("tx_failed", &TrialDirection::tx_failed),
                      required("received", &TrialDirection::received),
                      required("lost", &TrialDirection::lost),
                      required("loss_ratio", &TrialDirection::loss_ratio),
                      required("reordered", &TrialDirection::reordered),
                      required("duplicated", &TrialDirection::duplicated),
                      required("corrupt", &TrialDirection::corrupt),
                      required("tx_rate_pps", &TrialDirection::tx_rate_pps),
                      required("rx_rate_pps", &TrialDirection::rx_rate_pps),
                      required("duration_s", &TrialDirection::duration_s),
                      required("latency", &TrialDirection::latency)};
  }
};
struct TrialResult {
  uint64_t rate_pps = 0;
  std::string sizes;
  std::vector<TrialDirection> directions;
  // nfv-traffic's busy TSC cycles during the measurement per frame sent (each frame is
  // also received by this process): high means the generator, not the switch, is the limit.
  double cycles_per_frame = 0;
  static constexpr auto fields() {
    return std::tuple{required("rate_pps", &TrialResult::rate_pps),
                      required("sizes", &TrialResult::sizes),
                      required("directions", &TrialResult::directions),
                      required("cycles_per_frame", &TrialResult::cycles_per_frame)};
  }
};

struct ForwardParams {
  std::vector<std::vector<uint16_t>> pairs;  // [[rx_port, tx_port], ...]
  std::optional<std::string> mode;           // "io" (default): frames unchanged; "mac"
  // "mac" mode only: the rewritten MACs cycle through this many flows per port (src = the tx
  // port's MAC + i, dst = the rx port's MAC + i, i in a scrambled order), so the switch looks
  // up that many learned MACs per port instead of one.
  std::optional<uint32_t> flows;
  static constexpr auto fields() {
    return std::tuple{required("pairs", &ForwardParams::pairs),
                      optional("mode", &ForwardParams::mode),
                      optional("flows", &ForwardParams::flows)};
  }
};
struct SeedParams {
  uint16_t port = 0;
  uint16_t queue = 0;
  uint32_t bursts = 8;  // of 32 frames
  std::optional<FrameParams> frame;
  static constexpr auto fields() {
    return std::tuple{required("port", &SeedParams::port), optional("queue", &SeedParams::queue),
                      optional("bursts", &SeedParams::bursts),
                      optional("frame", &SeedParams::frame)};
  }
};
struct ForwardPairStats {
  uint16_t rx_port = 0;
  uint16_t tx_port = 0;
  uint64_t packets = 0;
  uint64_t bytes = 0;
  static constexpr auto fields() {
    return std::tuple{required("rx_port", &ForwardPairStats::rx_port),
                      required("tx_port", &ForwardPairStats::tx_port),
                      required("packets", &ForwardPairStats::packets),
                      required("bytes", &ForwardPairStats::bytes)};
  }
};
struct ForwardStopResult {
  std::vector<ForwardPairStats> pairs;
  uint64_t packets = 0;
  double elapsed_s = 0;  // since forward started or the last clear
  double pps = 0;
  double cycles_per_packet = 0;  // busy TSC cycles per forwarded packet (testpmd's measure)
  static constexpr auto fields() {
    return std::tuple{required("pairs", &ForwardStopResult::pairs),
                      required("packets", &ForwardStopResult::packets),
                      required("elapsed_s", &ForwardStopResult::elapsed_s),
                      required("pps", &ForwardStopResult::pps),
                      required("cycles_per_packet", &ForwardStopResult::cycles_per_packet)};
  }
};

// ---- the commands --------------------------------------------------------------------

inline constexpr Command<None, PortsResult> kPorts{"ports", "ports, MACs, queues, link state"};
inline constexpr Command<WaitLinkParams, WaitLinkResult> kWaitLink{
    "wait_link", "wait until the port's vhost-user connection is up"};
inline constexpr Command<SendParams, SendResult> kSend{
    "send", "send exactly `count` generated frames (optionally paced)"};
inline constexpr Command<SendHexParams, SendResult> kSendHex{"send_hex",
                                                             "send crafted frames given as hex"};
inline constexpr Command<StreamStartParams, StreamStartResult> kStreamStart{
    "stream_start", "start background traffic at a TSC-paced rate"};
inline constexpr Command<StreamStopParams, StreamStopResult> kStreamStop{
    "stream_stop", "stop a background stream"};
inline constexpr Command<StatsParams, StatsResult> kStats{
    "stats", "counters per port, queue and stream (loss, reordering, latency)"};
inline constexpr Command<WaitRxParams, WaitRxResult> kWaitRx{
    "wait_rx", "wait until a port (queue, stream) received `count` frames"};
inline constexpr Command<CaptureParams, None> kCapture{"capture",
                                                       "write the port's received frames to pcap"};
inline constexpr Command<StatsParams, CaptureStopResult> kCaptureStop{
    "capture_stop", "stop capturing (one port or all) and close the files"};
inline constexpr Command<RecvParams, RecvResult> kRecv{
    "recv", "take the oldest received frames (bounded ring) as hex"};
inline constexpr Command<PortParams, None> kPauseRx{
    "pause_rx", "stop polling the port's rx queues (a guest that stops draining)"};
inline constexpr Command<ResumeRxParams, ResumeRxResult> kResumeRx{
    "resume_rx", "poll the port's rx again; replies once the backlog is drained"};
inline constexpr Command<None, None> kClear{"clear", "zero every counter"};
inline constexpr Command<None, None> kQuit{"quit", "stop, close ports, clean up and exit 0"};
inline constexpr Command<TrialParams, TrialResult> kTrial{
    "trial", "timed open-loop trial between ports: loss, reordering, latency"};
inline constexpr Command<ForwardParams, None> kForward{
    "forward", "io-forward between ports (closed-loop throughput)"};
inline constexpr Command<SeedParams, SendResult> kSeed{"seed",
                                                       "inject bursts into a forwarding loop"};
inline constexpr Command<None, ForwardStopResult> kForwardStop{
    "forward_stop", "stop forwarding; packets and rate since forward or clear"};

inline constexpr auto kAllCommands =
    std::tuple{kPorts,  kWaitLink, kSend,        kSendHex, kStreamStart, kStreamStop, kStats,
               kWaitRx, kCapture,  kCaptureStop, kRecv,    kPauseRx,     kResumeRx,   kClear,
               kQuit,   kTrial,    kForward,     kSeed,    kForwardStop};

// ---- lines ---------------------------------------------------------------------------

// {"cmd": name, ...params}
template <typename P, typename R>
json make_request(const Command<P, R>& command, const P& params) {
  json request = json::object();
  request["cmd"] = command.name;
  json wire = nfv::api::to_wire(params);  // named: items() does not keep a temporary alive
  for (auto& [key, value] : wire.items()) request[key] = value;
  return request;
}

// Splits a request line into its command name and parameters (errors name the problem).
struct Request {
  std::string cmd;
  json params;
};
Result<Request> parse_request_line(std::string_view line);

json make_ok_reply(json result);
json make_error_reply(std::string_view message);

// Decodes a reply line: the result object (without "ok") or the error it carries.
Result<json> parse_reply_line(std::string_view line);

}  // namespace nfv::traffic::proto
