// Test frames: what nfv-traffic sends and how a receiver proves a frame arrived intact.
//
//   Ethernet: dst(6) src(6) [0x8100 TCI(2)] ethertype 0x88B5 (IEEE local experimental)
//   Test header, 32 bytes, big-endian:
//     magic u32 "NFVT" | stream u16 | flags u16 | sequence u64 | tx_tsc u64 |
//     seed u32 | length u16 (the frame size as sent) | reserved u16 (0)
//   Payload: the rest of the frame, a deterministic function of (seed, stream, sequence).
//
// The smallest test frame is 46 bytes (50 tagged), so 60- and 64-byte frames fit. Because
// the payload and the length depend on the sequence number, a flipped bit, a truncated or
// padded frame, or a payload from another frame are all detected without knowing what the
// sender's size schedule was. Sizes: see size_schedule.h (no FCS, VLAN tag included).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/common/strings.h"
#include "nfv/traffic/size_schedule.h"

namespace nfv::traffic {

inline constexpr uint16_t kTestEtherType = 0x88B5;
inline constexpr uint16_t kVlanEtherType = 0x8100;
inline constexpr uint32_t kTestMagic = 0x4E465654;  // "NFVT"
inline constexpr size_t kEthernetHeaderSize = 14;
inline constexpr size_t kVlanTagSize = 4;
inline constexpr size_t kTestHeaderSize = 32;
inline constexpr uint32_t kMaxFrameSize = 9216;

// Test header flags.
inline constexpr uint16_t kFlagTimestamped = 1 << 0;  // tx_tsc holds the sender's TSC
inline constexpr uint16_t kFlagWarmup = 1 << 1;       // sent during a trial's warm-up

struct TestHeader {
  uint32_t magic = kTestMagic;
  uint16_t stream = 0;
  uint16_t flags = 0;
  uint64_t sequence = 0;
  uint64_t tx_tsc = 0;
  uint32_t seed = 0;
  uint16_t length = 0;
};

// Many flows from one generator: frame `sequence` belongs to flow `sequence % count`, and
// the flow index is added to the low 24 bits of the chosen MAC.
enum class FlowField { kSrcMac, kDstMac };
struct FlowSpec {
  uint32_t count = 1;
  FlowField field = FlowField::kSrcMac;
};

// IPv4 addresses of frames sent as IPv4/UDP (network byte order, as on the wire).
struct Ipv4Addresses {
  std::array<uint8_t, 4> src{};
  std::array<uint8_t, 4> dst{};
};

struct FrameSpec {
  MacAddress src{};
  MacAddress dst{};
  std::optional<uint16_t> vlan_tci;   // 802.1Q tag control: PCP(3) DEI(1) VID(12)
  std::optional<Ipv4Addresses> ipv4;  // set: the test header travels in IPv4/UDP
  uint16_t stream = 0;
  uint32_t seed = 1;
  uint16_t flags = 0;       // extra header flags, e.g. kFlagWarmup
  bool timestamped = true;  // false: tx_tsc is 0, so a frame is a pure function of sequence
  SizeSchedule sizes;
  FlowSpec flows;
};

// Bytes before the payload: Ethernet (+ tag) + test header.
inline constexpr size_t kIpv4UdpHeadersSize = 28;

// The test header's magic, stream, flags and sequence: what an IPv4/UDP frame must hold at
// least (a 64-byte one has room for 18 bytes of it; the timestamp and the rest are cut).
inline constexpr size_t kShortestTestHeader = 16;

constexpr size_t test_headers_size(bool tagged, bool ipv4 = false) {
  return kEthernetHeaderSize + (tagged ? kVlanTagSize : 0) + (ipv4 ? kIpv4UdpHeadersSize : 0) +
         kTestHeaderSize;
}

// `base` with `flow` added to its low 24 bits (wrapping inside them).
// The smallest frame: the whole test header, or for IPv4/UDP its first kShortestTestHeader bytes.
constexpr size_t shortest_test_frame(bool tagged, bool ipv4) {
  return test_headers_size(tagged, ipv4) - (ipv4 ? kTestHeaderSize - kShortestTestHeader : 0);
}

MacAddress flow_mac(const MacAddress& base, uint32_t flow);

// The payload bytes of every frame of one (seed, stream): a pseudo-random block, read at an
// offset that depends on the sequence number, so building a payload is one memcpy.
class PayloadPattern {
 public:
  static constexpr uint32_t kPeriod = 251;  // prime: every sequence bit moves the offset

  PayloadPattern(uint32_t seed, uint16_t stream);
  // The first byte of the payload of frame `sequence`; kMaxFrameSize bytes are readable.
  const uint8_t* for_sequence(uint64_t sequence) const {
    return bytes_.data() + sequence % kPeriod;
  }
  uint32_t seed() const { return seed_; }
  uint16_t stream() const { return stream_; }

 private:
  uint32_t seed_;
  uint16_t stream_;
  std::vector<uint8_t> bytes_;
};

// Everything about a FrameSpec that does not depend on the sequence number, prepared once:
// writing a frame is a header copy, three stores and a payload copy.
class FrameBuilder {
 public:
  // Checks that every size of the schedule holds the headers and fits kMaxFrameSize.
  static Result<FrameBuilder> create(const FrameSpec& spec);

  uint32_t size_for(uint64_t sequence) const { return spec_.sizes.size_for(sequence); }
  // Writes size_for(sequence) bytes at `out`. `tx_tsc` is ignored unless spec.timestamped.
  void write(uint8_t* out, uint64_t sequence, uint64_t tx_tsc) const;
  std::vector<uint8_t> build(uint64_t sequence, uint64_t tx_tsc = 0) const;

  const FrameSpec& spec() const { return spec_; }
  size_t headers_size() const { return headers_size_; }

 private:
  explicit FrameBuilder(const FrameSpec& spec);
  // The headers of a `size`-byte frame, whole (headers_size() bytes) at `out`.
  void write_headers(uint8_t* out, uint64_t sequence, uint64_t tx_tsc, uint32_t size) const;

  FrameSpec spec_;
  size_t headers_size_ = 0;
  size_t l3_at_ = 0;  // where the IPv4 header starts (frames with spec.ipv4)
  std::array<uint8_t, test_headers_size(true, true)> headers_{};
  std::shared_ptr<const PayloadPattern> pattern_;
};

// One-off convenience (tests): FrameBuilder::create(spec)->build(sequence, tx_tsc).
Result<std::vector<uint8_t>> build_frame(const FrameSpec& spec, uint64_t sequence,
                                         uint64_t tx_tsc = 0);

enum class FrameVerdict {
  kNotTest,  // another ethertype: counted, not verified
  kIntact,   // a test frame whose length and payload are exactly what was sent
  kCorrupt,  // test ethertype, but the magic, length or payload is wrong
};
enum class Corruption { kNone, kBadMagic, kTruncatedHeader, kLengthMismatch, kPayloadMismatch };
std::string_view corruption_name(Corruption corruption);

struct ParsedFrame {
  FrameVerdict verdict = FrameVerdict::kNotTest;
  Corruption corruption = Corruption::kNone;
  size_t first_bad_byte = 0;  // frame offset of the first wrong payload byte (kPayloadMismatch)
  MacAddress dst{};
  MacAddress src{};
  std::optional<uint16_t> vlan_tci;
  uint16_t ether_type = 0;
  TestHeader header;  // valid unless verdict is kNotTest or the header is truncated
  size_t size = 0;
};

// Parses and verifies received frames. Keeps the payload patterns of the few streams it
// saw last, so verifying costs one memcmp per frame.
class FrameParser {
 public:
  ParsedFrame parse(std::span<const uint8_t> frame);

 private:
  const PayloadPattern& pattern(uint32_t seed, uint16_t stream);
  static ParsedFrame parse_cut_header(ParsedFrame& parsed, const uint8_t* header, size_t available);

  std::array<std::shared_ptr<const PayloadPattern>, 4> cache_;
  size_t next_slot_ = 0;
};

// One-off convenience (tests).
ParsedFrame parse_frame(std::span<const uint8_t> frame);

}  // namespace nfv::traffic
