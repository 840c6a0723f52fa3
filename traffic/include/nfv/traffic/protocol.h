// nfv-traffic's control protocol: one JSON object per line on stdin,
//   {"cmd":"send","port":0,"count":10,"frame":{"dst":"02:00:00:00:00:02","size":64}}
// and exactly one reply line per command on stdout:
//   {"ok":true,"sent":10,"failed":0,...}   or   {"ok":false,"error":"..."}
// Its commands are methods of the wire API's kind (api/method.h) whose parameter and result
// types (the *_messages.h headers) list their fields with api/fields.h; nfv-traffic decodes
// with them and the test fixture (TrafficPeer) encodes with them, so the two cannot disagree.
// The line framing is nfv-traffic's own ("cmd" and "ok"), not the switch's JSON-RPC.
#pragma once

#include <string>
#include <string_view>
#include <tuple>

#include "nfv/api/fields.h"
#include "nfv/api/method.h"
#include "nfv/common/result.h"
#include "nfv/traffic/benchmark_messages.h"
#include "nfv/traffic/frame_params.h"
#include "nfv/traffic/port_messages.h"
#include "nfv/traffic/receive_messages.h"
#include "nfv/traffic/send_messages.h"

namespace nfv::traffic::proto {

using nfv::api::Empty;
using nfv::api::json;
using nfv::api::Method;

// ---- the commands --------------------------------------------------------------------

inline constexpr Method<Empty, PortsResult> kPorts{"ports", "ports, MACs, queues, link state"};
inline constexpr Method<WaitLinkParams, WaitLinkResult> kWaitLink{
    "wait_link", "wait until the port's vhost-user connection is up"};
inline constexpr Method<SendParams, SendResult> kSend{
    "send", "send exactly `count` generated frames (optionally paced)"};
inline constexpr Method<SendHexParams, SendResult> kSendHex{"send_hex",
                                                            "send crafted frames given as hex"};
inline constexpr Method<StreamStartParams, StreamStartResult> kStreamStart{
    "stream_start", "start background traffic at a TSC-paced rate"};
inline constexpr Method<StreamStopParams, StreamStopResult> kStreamStop{"stream_stop",
                                                                        "stop a background stream"};
inline constexpr Method<StatsParams, StatsResult> kStats{
    "stats", "counters per port, queue and stream (loss, reordering, latency)"};
inline constexpr Method<WaitRxParams, WaitRxResult> kWaitRx{
    "wait_rx", "wait until a port (queue, stream) received `count` frames"};
inline constexpr Method<CaptureParams, Empty> kCapture{"capture",
                                                       "write the port's received frames to pcap"};
inline constexpr Method<StatsParams, CaptureStopResult> kCaptureStop{
    "capture_stop", "stop capturing (one port or all) and close the files"};
inline constexpr Method<RecvParams, RecvResult> kRecv{
    "recv", "take the oldest received frames (bounded ring) as hex"};
inline constexpr Method<PortParams, Empty> kPauseRx{
    "pause_rx", "stop polling the port's rx queues (a guest that stops draining)"};
inline constexpr Method<ResumeRxParams, ResumeRxResult> kResumeRx{
    "resume_rx", "poll the port's rx again; replies once the backlog is drained"};
inline constexpr Method<Empty, Empty> kClear{"clear", "zero every counter"};
inline constexpr Method<Empty, Empty> kQuit{"quit", "stop, close ports, clean up and exit 0"};
inline constexpr Method<TrialParams, TrialResult> kTrial{
    "trial", "timed open-loop trial between ports: loss, reordering, latency"};
inline constexpr Method<ForwardParams, Empty> kForward{
    "forward", "io-forward between ports (closed-loop throughput)"};
inline constexpr Method<SeedParams, SendResult> kSeed{"seed",
                                                      "inject bursts into a forwarding loop"};
inline constexpr Method<Empty, ForwardStopResult> kForwardStop{
    "forward_stop", "stop forwarding; packets and rate since forward or clear"};

inline constexpr auto kAllCommands =
    std::tuple{kPorts,  kWaitLink, kSend,        kSendHex, kStreamStart, kStreamStop, kStats,
               kWaitRx, kCapture,  kCaptureStop, kRecv,    kPauseRx,     kResumeRx,   kClear,
               kQuit,   kTrial,    kForward,     kSeed,    kForwardStop};

// ---- lines ---------------------------------------------------------------------------

// {"cmd": name, ...params}
template <typename P, typename R>
json make_request(const Method<P, R>& command, const P& params) {
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
