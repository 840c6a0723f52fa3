#include "nfv/traffic/frame_params.h"

#include <arpa/inet.h>

#include <string>
#include <utility>

namespace nfv::traffic::proto {
namespace {

Result<MacAddress> mac_or(const std::optional<std::string>& text, const MacAddress& fallback,
                          std::string_view what) {
  if (!text) return fallback;
  auto mac = parse_mac(*text);
  if (!mac) return make_error("frame.{}: {}", what, mac.error().message);
  return *mac;
}

Result<SizeSchedule> sizes_of(const FrameParams& params) {
  bool range = params.size_min || params.size_max;
  bool imix = params.imix.value_or(false);
  int chosen = int{params.size.has_value()} + int{range} + int{imix};
  if (chosen > 1) {
    return make_error("frame: give only one of size, size_min+size_max or imix");
  }
  if (params.size_order && !range) {
    return make_error("frame.size_order applies to a size_min..size_max range only");
  }
  if (params.size_step && params.size_order.value_or("hashed") != "sweep") {
    return make_error("frame.size_step applies to size_order \"sweep\" only");
  }
  if (imix) return SizeSchedule::imix();
  if (params.size) return SizeSchedule::fixed(*params.size);
  if (!range) return SizeSchedule::fixed(64);
  if (!params.size_min || !params.size_max) {
    return make_error("frame: a size range needs both size_min and size_max");
  }
  std::string order = params.size_order.value_or("hashed");
  if (order == "hashed") return SizeSchedule::hashed(*params.size_min, *params.size_max);
  if (order == "sweep") {
    return SizeSchedule::sweep(*params.size_min, *params.size_max, params.size_step.value_or(1));
  }
  return make_error("frame.size_order '{}': use \"hashed\" or \"sweep\"", order);
}

Result<std::array<uint8_t, 4>> ipv4_of(const std::string& text, const char* field) {
  std::array<uint8_t, 4> address{};
  if (inet_pton(AF_INET, text.c_str(), address.data()) != 1) {
    return make_error("frame.{} '{}': not an IPv4 address (a.b.c.d)", field, text);
  }
  return address;
}

std::string ipv4_text(const std::array<uint8_t, 4>& address) {
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, address.data(), text, sizeof(text));
  return text;
}

Result<std::optional<Ipv4Addresses>> ipv4_of(const FrameParams& params) {
  if (!params.ip_src && !params.ip_dst) return std::optional<Ipv4Addresses>{};
  if (!params.ip_src || !params.ip_dst) {
    return make_error("frame.ip_src and frame.ip_dst go together (IPv4/UDP frames need both)");
  }
  auto src = ipv4_of(*params.ip_src, "ip_src");
  if (!src) return std::move(src).error();
  auto dst = ipv4_of(*params.ip_dst, "ip_dst");
  if (!dst) return std::move(dst).error();
  return std::optional<Ipv4Addresses>{Ipv4Addresses{*src, *dst}};
}

}  // namespace

Result<FrameSpec> to_frame_spec(const FrameParams& params, const MacAddress& default_src,
                                const MacAddress& default_dst) {
  FrameSpec spec;
  auto src = mac_or(params.src, default_src, "src");
  if (!src) return std::move(src).error();
  auto dst = mac_or(params.dst, default_dst, "dst");
  if (!dst) return std::move(dst).error();
  spec.src = *src;
  spec.dst = *dst;
  if (params.vlan) {
    if (*params.vlan > 4095)
      return make_error("frame.vlan {}: out of range [0, 4095]", *params.vlan);
    uint8_t pcp = params.pcp.value_or(0);
    if (pcp > 7) return make_error("frame.pcp {}: out of range [0, 7]", pcp);
    spec.vlan_tci = static_cast<uint16_t>(pcp << 13 | *params.vlan);
  } else if (params.pcp) {
    return make_error("frame.pcp needs frame.vlan (the priority lives in the VLAN tag)");
  }
  auto ipv4 = ipv4_of(params);
  if (!ipv4) return std::move(ipv4).error();
  spec.ipv4 = *ipv4;
  auto sizes = sizes_of(params);
  if (!sizes) return std::move(sizes).error();
  spec.sizes = *sizes;
  spec.stream = params.stream.value_or(0);
  spec.seed = params.seed.value_or(1);
  spec.timestamped = params.timestamp.value_or(true);
  spec.flows.count = params.flows.value_or(1);
  std::string field = params.flow_field.value_or("src_mac");
  if (field == "src_mac") {
    spec.flows.field = FlowField::kSrcMac;
  } else if (field == "dst_mac") {
    spec.flows.field = FlowField::kDstMac;
  } else {
    return make_error("frame.flow_field '{}': use \"src_mac\" or \"dst_mac\"", field);
  }
  auto builder = FrameBuilder::create(spec);  // checks sizes against headers and limits
  if (!builder) return make_error("frame: {}", builder.error().message);
  return spec;
}

FrameParams to_frame_params(const FrameSpec& spec) {
  FrameParams params;
  params.src = format_mac(spec.src);
  params.dst = format_mac(spec.dst);
  if (spec.vlan_tci) {
    params.vlan = *spec.vlan_tci & 0x0FFF;
    if (*spec.vlan_tci >> 13) params.pcp = static_cast<uint8_t>(*spec.vlan_tci >> 13);
  }
  if (spec.ipv4) {
    params.ip_src = ipv4_text(spec.ipv4->src);
    params.ip_dst = ipv4_text(spec.ipv4->dst);
  }
  const SizeSchedule& sizes = spec.sizes;
  switch (sizes.kind()) {
    case SizeSchedule::Kind::kFixed:
      params.size = sizes.min_size();
      break;
    case SizeSchedule::Kind::kImix:
      params.imix = true;
      break;
    case SizeSchedule::Kind::kHashed:
    case SizeSchedule::Kind::kSweep:
      params.size_min = sizes.min_size();
      params.size_max = sizes.max_size();
      if (sizes.kind() == SizeSchedule::Kind::kSweep) {
        params.size_order = "sweep";
        params.size_step = sizes.step();
      }
      break;
  }
  params.stream = spec.stream;
  params.seed = spec.seed;
  if (spec.flows.count != 1) {
    params.flows = spec.flows.count;
    params.flow_field = spec.flows.field == FlowField::kSrcMac ? "src_mac" : "dst_mac";
  }
  params.timestamp = spec.timestamped;
  return params;
}

}  // namespace nfv::traffic::proto
