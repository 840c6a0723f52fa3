// Traffic between nfv-traffic guests and the checks of what arrived: background streams,
// "every frame sent arrived, none lost or duplicated", and captures compared byte for byte
// with the frames that were sent.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "nfv/common/result.h"
#include "nfv/common/strings.h"
#include "nfv/testing/traffic_peer.h"
#include "nfv/traffic/frame.h"

namespace nfv::testing {

// A background stream of timestamped 64-byte test frames from `src` to `dst`, on port 0.
Result<proto::StreamStartResult> start_stream(TrafficPeer& peer, const MacAddress& src,
                                              const MacAddress& dst, uint16_t stream,
                                              uint64_t rate_pps);

// What `peer` has received of `stream` on its port 0; an error if nothing.
Result<proto::StreamStats> stream_stats(TrafficPeer& peer, uint16_t stream);

// Waits (up to 10 s) until `peer` has every frame of `stream` up to `sent`, then checks that
// it received exactly `sent`, none lost and none duplicated.
::testing::AssertionResult ReceivedAll(TrafficPeer& peer, uint16_t stream, uint64_t sent);

// `count` frames of `stream` from `from` (MAC `src`) to `to` (MAC `dst`), paced at 20000 pps,
// all received.
::testing::AssertionResult SendAndReceiveAll(TrafficPeer& from, const MacAddress& src,
                                             TrafficPeer& to, const MacAddress& dst,
                                             uint16_t stream, uint64_t count = 500);

// Checks that the capture at `pcap` holds exactly frames 0 .. count-1 of `frames`, byte for
// byte and in order (so `frames` must not be timestamped). Returns their total size, or an
// error naming the first frame that differs.
Result<uint64_t> verify_capture(const std::string& pcap, const traffic::FrameSpec& frames,
                                uint64_t count);

}  // namespace nfv::testing
