#include "nfv/testing/guest_traffic.h"

#include <algorithm>

#include "nfv/testing/guests.h"
#include "nfv/traffic/hex.h"
#include "nfv/traffic/pcap.h"

namespace nfv::testing {
namespace {

// "frame 17 (64 bytes captured, 64 sent): first difference at byte 14: 08 instead of 88"
std::string describe_difference(uint64_t seq, const std::vector<uint8_t>& captured,
                                const std::vector<uint8_t>& sent) {
  auto [at, _] = std::mismatch(captured.begin(), captured.end(), sent.begin(), sent.end());
  size_t offset = static_cast<size_t>(at - captured.begin());
  std::string detail = "one is a prefix of the other";
  if (offset < captured.size() && offset < sent.size()) {
    detail = fmt::format("{} instead of {}", traffic::to_hex({&captured[offset], 1}),
                         traffic::to_hex({&sent[offset], 1}));
  }
  return fmt::format("frame {} ({} bytes captured, {} sent): first difference at byte {}: {}", seq,
                     captured.size(), sent.size(), offset, detail);
}

}  // namespace

Result<proto::StreamStartResult> start_stream(TrafficPeer& peer, const MacAddress& src,
                                              const MacAddress& dst, uint16_t stream,
                                              uint64_t rate_pps) {
  proto::StreamStartParams params;
  params.stream = stream;
  params.rate_pps = rate_pps;
  params.frame = frames_between(src, dst, stream);
  return peer.stream_start(params);
}

Result<proto::StreamStats> stream_stats(TrafficPeer& peer, uint16_t stream) {
  auto stats = peer.port_stats(0);
  if (!stats) return std::move(stats).error();
  for (const proto::StreamStats& s : stats->streams) {
    if (s.stream == stream) return s;
  }
  return make_error("guest {} has received nothing of stream {}", peer.name(), stream);
}

::testing::AssertionResult ReceivedAll(TrafficPeer& peer, uint16_t stream, uint64_t sent) {
  proto::WaitRxParams wait;
  wait.count = sent;
  wait.stream = stream;
  wait.timeout_ms = 10000;
  auto waited = peer.wait_rx(wait);
  auto stats = stream_stats(peer, stream);
  if (!stats) return ::testing::AssertionFailure() << stats.error().message;
  if (!waited || stats->received != sent || stats->lost != 0 || stats->duplicated != 0) {
    return ::testing::AssertionFailure()
           << "guest " << peer.name() << ", stream " << stream << ": sent " << sent << ", received "
           << stats->received << ", lost " << stats->lost << ", duplicated " << stats->duplicated;
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult SendAndReceiveAll(TrafficPeer& from, const MacAddress& src,
                                             TrafficPeer& to, const MacAddress& dst,
                                             uint16_t stream, uint64_t count) {
  proto::SendParams send;
  send.count = count;
  send.rate_pps = 20000;
  send.frame = frames_between(src, dst, stream);
  if (auto sent = from.send(send); !sent) {
    return ::testing::AssertionFailure() << from.name() << ": " << sent.error().message;
  }
  return ReceivedAll(to, stream, count);
}

Result<uint64_t> verify_capture(const std::string& pcap, const traffic::FrameSpec& frames,
                                uint64_t count) {
  auto packets = traffic::read_pcap(pcap);
  if (!packets) return std::move(packets).error();
  if (packets->size() != count) {
    return make_error("{}: {} frames captured, {} expected", pcap, packets->size(), count);
  }
  auto builder = traffic::FrameBuilder::create(frames);
  if (!builder) return std::move(builder).error();
  uint64_t bytes = 0;
  for (uint64_t seq = 0; seq < count; ++seq) {
    const std::vector<uint8_t>& captured = (*packets)[seq].bytes;
    std::vector<uint8_t> sent = builder->build(seq);
    if (captured != sent) {
      return make_error("{}: {}", pcap, describe_difference(seq, captured, sent));
    }
    bytes += captured.size();
  }
  return bytes;
}

}  // namespace nfv::testing
