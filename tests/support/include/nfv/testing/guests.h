// Small pieces the end-to-end tests share: guest ports, a started and linked guest, frame
// specs for one conversation, and waits on conditions (wait.h: never a bare sleep).
#pragma once

#include <sys/stat.h>

#include <string>

#include "nfv/common/strings.h"
#include "nfv/testing/subprocess.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/traffic_peer.h"
#include "nfv/testing/wait.h"
#include "nfv/traffic/frame.h"

namespace nfv::testing {

// The guests of most tests: locally administered, easy to read in captures.
inline constexpr MacAddress kMacA = {0x02, 0, 0, 0, 0, 0x0a};
inline constexpr MacAddress kMacB = {0x02, 0, 0, 0, 0, 0x0b};
inline constexpr MacAddress kMacC = {0x02, 0, 0, 0, 0, 0x0c};

inline bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

// A virtio-user port of a guest: a fixed MAC, rings deep enough to ride out a busy machine.
inline traffic::PortOption guest_port(const std::string& socket, const MacAddress& mac,
                                      uint16_t queues = 1, uint16_t enable = 0,
                                      bool server = false) {
  traffic::PortOption option;
  option.socket = socket;
  option.mac = mac;
  option.queues = queues;
  option.enable = enable;
  option.server = server;
  option.ring_size = 1024;
  return option;
}

// An nfv-traffic guest with one port, started and with its link up.
inline Result<TrafficPeer> start_guest(const TestDir& dir, const std::string& name,
                                       traffic::PortOption port) {
  TrafficPeerOptions options;
  options.name = name;
  options.ports = {std::move(port)};
  auto peer = TrafficPeer::start(dir, options);
  if (!peer) return std::move(peer).error();
  NFV_TRY(peer->wait_link(0));
  return peer;
}

// Timestamped 64-byte test frames of one stream from `src` to `dst`.
inline proto::FrameParams frames_between(const MacAddress& src, const MacAddress& dst,
                                         uint16_t stream) {
  proto::FrameParams frame;
  frame.src = format_mac(src);
  frame.dst = format_mac(dst);
  frame.stream = stream;
  frame.size = 64;
  return frame;
}

}  // namespace nfv::testing
