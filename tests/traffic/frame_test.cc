#include "nfv/traffic/frame.h"

#include <gtest/gtest.h>

#include <vector>

#include "nfv/testing/result_assertions.h"

namespace nfv::traffic {
namespace {

constexpr MacAddress kSrc = {0x02, 0, 0, 0, 0, 0x01};
constexpr MacAddress kDst = {0x02, 0, 0, 0, 0, 0x02};

FrameSpec spec_of(uint32_t size, std::optional<uint16_t> tci = std::nullopt) {
  FrameSpec spec;
  spec.src = kSrc;
  spec.dst = kDst;
  spec.vlan_tci = tci;
  spec.stream = 7;
  spec.seed = 3;
  spec.timestamped = false;
  spec.sizes = SizeSchedule::fixed(size);
  return spec;
}

std::vector<uint8_t> build(const FrameSpec& spec, uint64_t sequence, uint64_t tsc = 0) {
  auto frame = build_frame(spec, sequence, tsc);
  EXPECT_TRUE(frame.ok()) << frame.error().message;
  return frame.ok() ? *frame : std::vector<uint8_t>{};
}

TEST(Frame, HeaderLayoutIsTheDocumentedOne) {
  std::vector<uint8_t> frame = build(spec_of(64), 5);
  ASSERT_EQ(frame.size(), 64u);
  std::vector<uint8_t> expected = {0x02, 0,    0,   0,   0, 0x02,        // dst
                                   0x02, 0,    0,   0,   0, 0x01,        // src
                                   0x88, 0xB5,                           // ethertype
                                   'N',  'F',  'V', 'T',                 // magic
                                   0,    7,                              // stream
                                   0,    0,                              // flags: not timestamped
                                   0,    0,    0,   0,   0, 0,    0, 5,  // sequence
                                   0,    0,    0,   0,   0, 0,    0, 0,  // tx tsc
                                   0,    0,    0,   3,                   // seed
                                   0,    64,                             // length
                                   0,    0};                             // reserved
  EXPECT_EQ(std::vector<uint8_t>(frame.begin(), frame.begin() + 46), expected);
  PayloadPattern pattern(3, 7);
  EXPECT_EQ(std::vector<uint8_t>(frame.begin() + 46, frame.end()),
            std::vector<uint8_t>(pattern.for_sequence(5), pattern.for_sequence(5) + 18));
}

TEST(Frame, VlanTagSitsBeforeTheTestEthertype) {
  std::vector<uint8_t> frame = build(spec_of(64, 0x2064), 0);  // PCP 1, VID 100
  ASSERT_EQ(frame.size(), 64u);
  EXPECT_EQ(frame[12], 0x81);
  EXPECT_EQ(frame[13], 0x00);
  EXPECT_EQ(frame[14], 0x20);
  EXPECT_EQ(frame[15], 0x64);
  EXPECT_EQ(frame[16], 0x88);
  EXPECT_EQ(frame[17], 0xB5);
  EXPECT_EQ(frame[18], 'N');
}

TEST(Frame, RoundTripsAtEverySizeTaggedOrNot) {
  FrameParser parser;
  for (std::optional<uint16_t> tci : {std::optional<uint16_t>(), std::optional<uint16_t>(42)}) {
    for (uint32_t size = static_cast<uint32_t>(test_headers_size(tci.has_value())); size <= 1518;
         ++size) {
      FrameSpec spec = spec_of(size, tci);
      uint64_t sequence = size * 7919ULL;
      std::vector<uint8_t> frame = build(spec, sequence);
      ASSERT_EQ(frame.size(), size);
      ParsedFrame parsed = parser.parse(frame);
      ASSERT_EQ(parsed.verdict, FrameVerdict::kIntact) << "size " << size;
      EXPECT_EQ(parsed.header.sequence, sequence);
      EXPECT_EQ(parsed.header.stream, 7);
      EXPECT_EQ(parsed.header.seed, 3u);
      EXPECT_EQ(parsed.header.length, size);
      EXPECT_EQ(parsed.vlan_tci, tci);
      EXPECT_EQ(parsed.src, kSrc);
      EXPECT_EQ(parsed.dst, kDst);
    }
  }
}

TEST(Frame, EveryFlippedPayloadByteIsCaughtAtItsOffset) {
  std::vector<uint8_t> frame = build(spec_of(300), 11);
  for (size_t i = 46; i < frame.size(); ++i) {
    std::vector<uint8_t> damaged = frame;
    damaged[i] ^= 0x10;
    ParsedFrame parsed = parse_frame(damaged);
    ASSERT_EQ(parsed.verdict, FrameVerdict::kCorrupt) << "byte " << i;
    EXPECT_EQ(parsed.corruption, Corruption::kPayloadMismatch);
    EXPECT_EQ(parsed.first_bad_byte, i);
  }
}

TEST(Frame, FlippedHeaderBitsAreCaughtExceptFlagsTimestampAndReserved) {
  std::vector<uint8_t> frame = build(spec_of(128), 1000);
  // Test header bytes 14..45: magic 14-17, stream 18-19, flags 20-21, sequence 22-29,
  // tsc 30-37, seed 38-41, length 42-43, reserved 44-45.
  auto undetectable = [](size_t i) {
    return (i >= 20 && i < 22) || (i >= 30 && i < 38) || i >= 44;
  };
  for (size_t i = 14; i < 46; ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> damaged = frame;
      damaged[i] ^= static_cast<uint8_t>(1 << bit);
      ParsedFrame parsed = parse_frame(damaged);
      if (undetectable(i)) {
        EXPECT_EQ(parsed.verdict, FrameVerdict::kIntact) << "byte " << i << " bit " << bit;
      } else {
        EXPECT_EQ(parsed.verdict, FrameVerdict::kCorrupt) << "byte " << i << " bit " << bit;
      }
    }
  }
  std::vector<uint8_t> bad_magic = frame;
  bad_magic[15] = 'X';
  EXPECT_EQ(parse_frame(bad_magic).corruption, Corruption::kBadMagic);
  std::vector<uint8_t> bad_length = frame;
  bad_length[43] ^= 1;
  EXPECT_EQ(parse_frame(bad_length).corruption, Corruption::kLengthMismatch);
}

TEST(Frame, TruncatedOrPaddedFramesAreCorrupt) {
  std::vector<uint8_t> frame = build(spec_of(100), 3);
  std::vector<uint8_t> shorter(frame.begin(), frame.end() - 1);
  EXPECT_EQ(parse_frame(shorter).corruption, Corruption::kLengthMismatch);
  std::vector<uint8_t> padded = frame;
  padded.push_back(0);
  EXPECT_EQ(parse_frame(padded).corruption, Corruption::kLengthMismatch);
  std::vector<uint8_t> headless(frame.begin(), frame.begin() + 40);
  ParsedFrame parsed = parse_frame(headless);
  EXPECT_EQ(parsed.verdict, FrameVerdict::kCorrupt);
  EXPECT_EQ(parsed.corruption, Corruption::kTruncatedHeader);
}

TEST(Frame, OtherFramesAreNotTestFrames) {
  std::vector<uint8_t> arp(60, 0);
  arp[12] = 0x08;
  arp[13] = 0x06;
  ParsedFrame parsed = parse_frame(arp);
  EXPECT_EQ(parsed.verdict, FrameVerdict::kNotTest);
  EXPECT_EQ(parsed.ether_type, 0x0806);
  EXPECT_EQ(parse_frame(std::vector<uint8_t>(10, 0xff)).verdict, FrameVerdict::kNotTest);
  std::vector<uint8_t> tagged_ipv4(64, 0);
  tagged_ipv4[12] = 0x81;
  tagged_ipv4[15] = 5;
  tagged_ipv4[16] = 0x08;
  parsed = parse_frame(tagged_ipv4);
  EXPECT_EQ(parsed.verdict, FrameVerdict::kNotTest);
  EXPECT_EQ(parsed.ether_type, 0x0800);
  EXPECT_EQ(parsed.vlan_tci, 5);
}

TEST(Frame, PayloadIsAFunctionOfSeedStreamAndSequence) {
  FrameSpec spec = spec_of(200);
  EXPECT_EQ(build(spec, 9), build(spec, 9));
  std::vector<uint8_t> next = build(spec, 10);
  std::vector<uint8_t> nine = build(spec, 9);
  EXPECT_NE(std::vector<uint8_t>(nine.begin() + 46, nine.end()),
            std::vector<uint8_t>(next.begin() + 46, next.end()));
  FrameSpec other_seed = spec;
  other_seed.seed = 4;
  std::vector<uint8_t> reseeded = build(other_seed, 9);
  EXPECT_NE(std::vector<uint8_t>(nine.begin() + 46, nine.end()),
            std::vector<uint8_t>(reseeded.begin() + 46, reseeded.end()));
  // A payload copied from another frame of the same stream is caught.
  std::vector<uint8_t> swapped = nine;
  std::copy(next.begin() + 46, next.end(), swapped.begin() + 46);
  EXPECT_EQ(parse_frame(swapped).corruption, Corruption::kPayloadMismatch);
}

TEST(Frame, TimestampOnlyWhenAsked) {
  FrameSpec spec = spec_of(64);
  spec.timestamped = true;
  ParsedFrame stamped = parse_frame(build(spec, 1, 123456789));
  EXPECT_EQ(stamped.header.tx_tsc, 123456789u);
  EXPECT_EQ(stamped.header.flags, kFlagTimestamped);
  spec.timestamped = false;
  spec.flags = kFlagWarmup;
  ParsedFrame plain = parse_frame(build(spec, 1, 123456789));
  EXPECT_EQ(plain.header.tx_tsc, 0u);
  EXPECT_EQ(plain.header.flags, kFlagWarmup);
}

TEST(Frame, FlowsCycleTheChosenMacWithinItsLow24Bits) {
  FrameSpec spec = spec_of(64);
  spec.src = {0x02, 0, 0, 0xff, 0xff, 0xfe};
  spec.flows = {3, FlowField::kSrcMac};
  std::vector<MacAddress> sources;
  for (uint64_t seq = 0; seq < 6; ++seq) sources.push_back(parse_frame(build(spec, seq)).src);
  std::vector<MacAddress> expected = {
      {0x02, 0, 0, 0xff, 0xff, 0xfe}, {0x02, 0, 0, 0xff, 0xff, 0xff}, {0x02, 0, 0, 0, 0, 0},
      {0x02, 0, 0, 0xff, 0xff, 0xfe}, {0x02, 0, 0, 0xff, 0xff, 0xff}, {0x02, 0, 0, 0, 0, 0}};
  EXPECT_EQ(sources, expected);
  spec.flows = {2, FlowField::kDstMac};
  ParsedFrame odd = parse_frame(build(spec, 1));
  EXPECT_EQ(odd.dst, (MacAddress{0x02, 0, 0, 0, 0, 0x03}));
  EXPECT_EQ(odd.src, spec.src);
  EXPECT_EQ(odd.verdict, FrameVerdict::kIntact);
}

TEST(Frame, RejectsSizesThatCannotHoldATestFrame) {
  auto small = FrameBuilder::create(spec_of(45));
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.error().message.find("frame size 45 is too small"), std::string::npos);
  EXPECT_NE(small.error().message.find("at least 46"), std::string::npos);
  auto tagged = FrameBuilder::create(spec_of(49, 1));
  ASSERT_FALSE(tagged.ok());
  EXPECT_NE(tagged.error().message.find("at least 50"), std::string::npos);
  auto huge = FrameBuilder::create(spec_of(kMaxFrameSize + 1));
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message.find("larger than the maximum 9216"), std::string::npos);
  FrameSpec no_flows = spec_of(64);
  no_flows.flows.count = 0;
  EXPECT_FALSE(FrameBuilder::create(no_flows).ok());
  NFV_EXPECT_OK(FrameBuilder::create(spec_of(46)));
  NFV_EXPECT_OK(FrameBuilder::create(spec_of(kMaxFrameSize)));
}

TEST(Frame, ParserKeepsUpWithManyStreams) {
  FrameParser parser;
  std::vector<FrameBuilder> builders;
  for (uint16_t stream = 0; stream < 9; ++stream) {
    FrameSpec spec = spec_of(80);
    spec.stream = stream;
    auto builder = FrameBuilder::create(spec);
    ASSERT_TRUE(builder.ok());
    builders.push_back(*builder);
  }
  for (uint64_t seq = 0; seq < 50; ++seq) {
    for (const FrameBuilder& builder : builders) {
      ParsedFrame parsed = parser.parse(builder.build(seq));
      ASSERT_EQ(parsed.verdict, FrameVerdict::kIntact);
      EXPECT_EQ(parsed.header.stream, builder.spec().stream);
    }
  }
}

FrameSpec ipv4_spec_of(uint32_t size, std::optional<uint16_t> tci = std::nullopt) {
  FrameSpec spec = spec_of(size, tci);
  spec.ipv4 = Ipv4Addresses{{10, 0, 0, 1}, {10, 0, 0, 2}};
  return spec;
}

TEST(Frame, Ipv4UdpHeadersAreWhatAnIpStackSends) {
  std::vector<uint8_t> frame = build(ipv4_spec_of(100), 9);
  ASSERT_EQ(frame.size(), 100u);
  std::vector<uint8_t> expected = {0x08, 0x00,              // IPv4
                                   0x45, 0,    0,    86,    // version 4, 5 words; length 86
                                   0,    0,    0x40, 0,     // id 0, don't fragment
                                   64,   17,   0,    0,     // TTL 64, UDP, checksum (below)
                                   10,   0,    0,    1,     // source
                                   10,   0,    0,    2,     // destination
                                   0x88, 0xB5, 0x88, 0xB5,  // UDP ports
                                   0,    66,   0,    0};    // UDP length 66, no checksum
  std::vector<uint8_t> got(frame.begin() + 12, frame.begin() + 42);
  got[12] = got[13] = 0;  // checksum checked by summing
  EXPECT_EQ(got, expected);
  uint32_t sum = 0;
  for (size_t i = 14; i < 34; i += 2) sum += (frame[i] << 8) | frame[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  EXPECT_EQ(sum, 0xffffu) << "the IPv4 header checksum does not verify";
  EXPECT_EQ(std::vector<uint8_t>(frame.begin() + 42, frame.begin() + 46),
            (std::vector<uint8_t>{'N', 'F', 'V', 'T'}));
}

TEST(Frame, Ipv4UdpRoundTripsAtEverySizeTaggedOrNot) {
  FrameParser parser;
  for (std::optional<uint16_t> tci : {std::optional<uint16_t>(), std::optional<uint16_t>(42)}) {
    for (uint32_t size = static_cast<uint32_t>(shortest_test_frame(tci.has_value(), true));
         size <= 1518; ++size) {
      std::vector<uint8_t> frame = build(ipv4_spec_of(size, tci), size);
      ASSERT_EQ(frame.size(), size);
      ParsedFrame parsed = parser.parse(frame);
      ASSERT_EQ(parsed.verdict, FrameVerdict::kIntact) << "size " << size;
      EXPECT_EQ(parsed.header.sequence, size);
      EXPECT_EQ(parsed.ether_type, 0x0800);
    }
  }
}

TEST(Frame, OtherUdpTrafficIsNotATestFrame) {
  std::vector<uint8_t> frame = build(ipv4_spec_of(128), 1);
  frame[36] = 0;  // UDP destination port 0x00B5: somebody else's datagram
  EXPECT_EQ(parse_frame(frame).verdict, FrameVerdict::kNotTest);
  frame = build(ipv4_spec_of(128), 1);
  frame[23] = 6;  // TCP
  EXPECT_EQ(parse_frame(frame).verdict, FrameVerdict::kNotTest);
  frame = build(ipv4_spec_of(128), 1);
  EXPECT_EQ(parse_frame(std::span<const uint8_t>(frame.data(), 30)).verdict,
            FrameVerdict::kNotTest);
}

TEST(Frame, Ipv4UdpAt64BytesCarriesTheSequenceAndNoTimestamp) {
  FrameSpec spec = ipv4_spec_of(60);  // 64 bytes on the wire with the FCS
  spec.timestamped = true;
  std::vector<uint8_t> frame = build(spec, 77, 123456);
  ASSERT_EQ(frame.size(), 60u);
  EXPECT_EQ(frame[16], 0);
  EXPECT_EQ(frame[17], 46);  // IPv4 total length: the frame from the IPv4 header on
  ParsedFrame parsed = parse_frame(frame);
  ASSERT_EQ(parsed.verdict, FrameVerdict::kIntact);
  EXPECT_EQ(parsed.header.sequence, 77u);
  EXPECT_EQ(parsed.header.flags & kFlagTimestamped, 0) << "the timestamp was cut off";
  frame[42] ^= 1;
  EXPECT_EQ(parse_frame(frame).corruption, Corruption::kBadMagic);
}

TEST(Frame, Ipv4UdpNeedsRoomForTheSequence) {
  auto small = build_frame(ipv4_spec_of(57), 0);
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.error().message.find("IPv4/UDP"), std::string::npos) << small.error().message;
  EXPECT_NE(small.error().message.find("at least 58"), std::string::npos) << small.error().message;
  EXPECT_TRUE(build_frame(ipv4_spec_of(58), 0).ok());
}

}  // namespace
}  // namespace nfv::traffic
