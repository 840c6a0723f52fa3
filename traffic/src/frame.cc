#include "nfv/traffic/frame.h"

#include <cstring>

#include "byte_order.h"
#include "ipv4_udp.h"
#include "nfv/traffic/mix.h"

namespace nfv::traffic {
namespace {

// Offsets inside the test header.
constexpr size_t kMagicAt = 0;
constexpr size_t kStreamAt = 4;
constexpr size_t kFlagsAt = 6;
constexpr size_t kSequenceAt = 8;
constexpr size_t kTscAt = 16;
constexpr size_t kSeedAt = 24;
constexpr size_t kLengthAt = 28;

constexpr size_t kDstAt = 0;
constexpr size_t kSrcAt = 6;

}  // namespace

MacAddress flow_mac(const MacAddress& base, uint32_t flow) {
  uint32_t low = (uint32_t{base[3]} << 16 | uint32_t{base[4]} << 8 | base[5]) + flow;
  MacAddress mac = base;
  mac[3] = static_cast<uint8_t>(low >> 16);
  mac[4] = static_cast<uint8_t>(low >> 8);
  mac[5] = static_cast<uint8_t>(low);
  return mac;
}

PayloadPattern::PayloadPattern(uint32_t seed, uint16_t stream)
    : seed_(seed), stream_(stream), bytes_(kPeriod + kMaxFrameSize + sizeof(uint64_t)) {
  uint64_t key = mix64((uint64_t{seed} << 16) | stream);
  for (size_t i = 0; i + sizeof(uint64_t) <= bytes_.size(); i += sizeof(uint64_t)) {
    uint64_t word = mix64(key + i);
    std::memcpy(bytes_.data() + i, &word, sizeof(word));
  }
}

FrameBuilder::FrameBuilder(const FrameSpec& spec)
    : spec_(spec),
      headers_size_(test_headers_size(spec.vlan_tci.has_value(), spec.ipv4.has_value())),
      pattern_(std::make_shared<const PayloadPattern>(spec.seed, spec.stream)) {
  uint8_t* out = headers_.data();
  std::memcpy(out + kDstAt, spec.dst.data(), spec.dst.size());
  std::memcpy(out + kSrcAt, spec.src.data(), spec.src.size());
  size_t at = 12;
  if (spec.vlan_tci) {
    store_be<uint16_t>(out + at, kVlanEtherType);
    store_be<uint16_t>(out + at + 2, *spec.vlan_tci);
    at += kVlanTagSize;
  }
  store_be<uint16_t>(out + at, spec.ipv4 ? kIpv4EtherType : kTestEtherType);
  l3_at_ = at + 2;
  uint8_t* header = out + headers_size_ - kTestHeaderSize;
  uint16_t flags = spec.flags;
  if (spec.timestamped) flags |= kFlagTimestamped;
  store_be<uint32_t>(header + kMagicAt, kTestMagic);
  store_be<uint16_t>(header + kStreamAt, spec.stream);
  store_be<uint16_t>(header + kFlagsAt, flags);
  store_be<uint32_t>(header + kSeedAt, spec.seed);
}

Result<FrameBuilder> FrameBuilder::create(const FrameSpec& spec) {
  size_t headers = shortest_test_frame(spec.vlan_tci.has_value(), spec.ipv4.has_value());
  if (spec.sizes.min_size() < headers) {
    return make_error(
        "frame size {} is too small for a test frame: it needs {} bytes of headers{}{}; use a "
        "size of at least {} (or send_hex for runts)",
        spec.sizes.min_size(), headers, spec.vlan_tci ? " (VLAN-tagged)" : "",
        spec.ipv4 ? " (IPv4/UDP)" : "", headers);
  }
  if (spec.sizes.max_size() > kMaxFrameSize) {
    return make_error("frame size {} is larger than the maximum {}; use a smaller size",
                      spec.sizes.max_size(), kMaxFrameSize);
  }
  if (spec.flows.count == 0) return make_error("flows must be at least 1 (1 = no variation)");
  if (spec.flows.count > (1U << 24)) {
    return make_error("flows {} is more than the {} MACs the low 24 bits can hold",
                      spec.flows.count, 1U << 24);
  }
  return FrameBuilder(spec);
}

void FrameBuilder::write(uint8_t* out, uint64_t sequence, uint64_t tx_tsc) const {
  uint32_t size = size_for(sequence);
  if (size < headers_size_) {  // an IPv4/UDP frame too short for the whole test header
    std::array<uint8_t, test_headers_size(true, true)> whole;
    write_headers(whole.data(), sequence, tx_tsc, size);
    std::memcpy(out, whole.data(), size);
    return;
  }
  write_headers(out, sequence, tx_tsc, size);
  std::memcpy(out + headers_size_, pattern_->for_sequence(sequence), size - headers_size_);
}

void FrameBuilder::write_headers(uint8_t* out, uint64_t sequence, uint64_t tx_tsc,
                                 uint32_t size) const {
  std::memcpy(out, headers_.data(), headers_size_);
  if (spec_.ipv4) write_ipv4_udp(out + l3_at_, *spec_.ipv4, static_cast<uint16_t>(size - l3_at_));
  if (spec_.flows.count > 1) {
    bool src = spec_.flows.field == FlowField::kSrcMac;
    MacAddress mac =
        flow_mac(src ? spec_.src : spec_.dst, static_cast<uint32_t>(sequence % spec_.flows.count));
    std::memcpy(out + (src ? kSrcAt : kDstAt), mac.data(), mac.size());
  }
  uint8_t* header = out + headers_size_ - kTestHeaderSize;
  store_be<uint64_t>(header + kSequenceAt, sequence);
  if (spec_.timestamped) store_be<uint64_t>(header + kTscAt, tx_tsc);
  store_be<uint16_t>(header + kLengthAt, static_cast<uint16_t>(size));
}

std::vector<uint8_t> FrameBuilder::build(uint64_t sequence, uint64_t tx_tsc) const {
  std::vector<uint8_t> frame(size_for(sequence));
  write(frame.data(), sequence, tx_tsc);
  return frame;
}

Result<std::vector<uint8_t>> build_frame(const FrameSpec& spec, uint64_t sequence,
                                         uint64_t tx_tsc) {
  auto builder = FrameBuilder::create(spec);
  if (!builder) return std::move(builder).error();
  return builder->build(sequence, tx_tsc);
}

std::string_view corruption_name(Corruption corruption) {
  switch (corruption) {
    case Corruption::kNone:
      return "none";
    case Corruption::kBadMagic:
      return "bad magic";
    case Corruption::kTruncatedHeader:
      return "truncated test header";
    case Corruption::kLengthMismatch:
      return "length differs from the header";
    case Corruption::kPayloadMismatch:
      return "payload differs";
  }
  return "?";
}

const PayloadPattern& FrameParser::pattern(uint32_t seed, uint16_t stream) {
  for (const auto& entry : cache_) {
    if (entry && entry->seed() == seed && entry->stream() == stream) return *entry;
  }
  auto& slot = cache_[next_slot_];
  next_slot_ = (next_slot_ + 1) % cache_.size();
  slot = std::make_shared<const PayloadPattern>(seed, stream);
  return *slot;
}

ParsedFrame FrameParser::parse(std::span<const uint8_t> frame) {
  ParsedFrame parsed;
  parsed.size = frame.size();
  if (frame.size() < kEthernetHeaderSize) return parsed;
  const uint8_t* in = frame.data();
  std::memcpy(parsed.dst.data(), in + kDstAt, parsed.dst.size());
  std::memcpy(parsed.src.data(), in + kSrcAt, parsed.src.size());
  size_t at = 12;
  parsed.ether_type = load_be<uint16_t>(in + at);
  if (parsed.ether_type == kVlanEtherType && frame.size() >= kEthernetHeaderSize + kVlanTagSize) {
    parsed.vlan_tci = load_be<uint16_t>(in + at + 2);
    at += kVlanTagSize;
    parsed.ether_type = load_be<uint16_t>(in + at);
  }
  size_t header_at = at + 2;
  if (parsed.ether_type == kIpv4EtherType) {
    auto in_ipv4 = test_header_in_ipv4(in + header_at, frame.size() - header_at);
    if (!in_ipv4) return parsed;
    header_at += *in_ipv4;
  } else if (parsed.ether_type != kTestEtherType) {
    return parsed;
  }

  parsed.verdict = FrameVerdict::kCorrupt;
  if (parsed.ether_type == kIpv4EtherType && frame.size() < header_at + kTestHeaderSize) {
    return parse_cut_header(parsed, in + header_at, frame.size() - header_at);
  }
  if (frame.size() < header_at + kTestHeaderSize) {
    parsed.corruption = Corruption::kTruncatedHeader;
    return parsed;
  }
  const uint8_t* header = in + header_at;
  TestHeader& h = parsed.header;
  h.magic = load_be<uint32_t>(header + kMagicAt);
  h.stream = load_be<uint16_t>(header + kStreamAt);
  h.flags = load_be<uint16_t>(header + kFlagsAt);
  h.sequence = load_be<uint64_t>(header + kSequenceAt);
  h.tx_tsc = load_be<uint64_t>(header + kTscAt);
  h.seed = load_be<uint32_t>(header + kSeedAt);
  h.length = load_be<uint16_t>(header + kLengthAt);
  if (h.magic != kTestMagic) {
    parsed.corruption = Corruption::kBadMagic;
    return parsed;
  }
  if (h.length != frame.size()) {
    parsed.corruption = Corruption::kLengthMismatch;
    return parsed;
  }
  size_t payload_at = header_at + kTestHeaderSize;
  const uint8_t* expected = pattern(h.seed, h.stream).for_sequence(h.sequence);
  size_t payload_size = frame.size() - payload_at;
  if (std::memcmp(in + payload_at, expected, payload_size) != 0) {
    size_t i = 0;
    while (in[payload_at + i] == expected[i]) ++i;
    parsed.corruption = Corruption::kPayloadMismatch;
    parsed.first_bad_byte = payload_at + i;
    return parsed;
  }
  parsed.verdict = FrameVerdict::kIntact;
  return parsed;
}

// An IPv4/UDP test frame too short for the whole test header (a 64-byte frame leaves 18 bytes
// for it): the magic, stream, flags and sequence are checked; the timestamp is absent.
ParsedFrame FrameParser::parse_cut_header(ParsedFrame& parsed, const uint8_t* header,
                                          size_t available) {
  if (available < kShortestTestHeader) {
    parsed.corruption = Corruption::kTruncatedHeader;
    return parsed;
  }
  TestHeader& h = parsed.header;
  h.magic = load_be<uint32_t>(header + kMagicAt);
  h.stream = load_be<uint16_t>(header + kStreamAt);
  h.flags = load_be<uint16_t>(header + kFlagsAt) & ~kFlagTimestamped;
  h.sequence = load_be<uint64_t>(header + kSequenceAt);
  h.length = static_cast<uint16_t>(parsed.size);
  if (h.magic != kTestMagic) {
    parsed.corruption = Corruption::kBadMagic;
    return parsed;
  }
  parsed.verdict = FrameVerdict::kIntact;
  return parsed;
}

ParsedFrame parse_frame(std::span<const uint8_t> frame) {
  FrameParser parser;
  return parser.parse(frame);
}

}  // namespace nfv::traffic
