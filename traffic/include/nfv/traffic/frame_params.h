// The `frame` object of nfv-traffic's commands (see protocol.h): how generated frames look,
// as it travels on the wire, and its conversion to and from the FrameSpec the builder takes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

#include "nfv/api/fields.h"
#include "nfv/common/result.h"
#include "nfv/traffic/frame.h"

namespace nfv::traffic::proto {

using nfv::api::optional;

// How generated frames look. Sizes: exactly one of `size`, `size_min`+`size_max` (hashed
// or swept), or `imix`. Without `src`/`dst` a command uses its port's MAC and broadcast.
struct FrameParams {
  std::optional<std::string> src;
  std::optional<std::string> dst;
  std::optional<uint16_t> vlan;  // VLAN id 0-4095: adds an 802.1Q tag
  std::optional<uint8_t> pcp;    // priority 0-7 of the tag
  std::optional<std::string> ip_src;  // with ip_dst: frames are IPv4/UDP between these
  std::optional<std::string> ip_dst;
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
                      optional("ip_src", &FrameParams::ip_src,
                               "IPv4 source: with ip_dst, the frames are IPv4/UDP"),
                      optional("ip_dst", &FrameParams::ip_dst, "IPv4 destination"),
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

}  // namespace nfv::traffic::proto
