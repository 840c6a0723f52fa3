#include "nfv/traffic/protocol.h"

#include <gtest/gtest.h>

namespace nfv::traffic::proto {
namespace {

constexpr MacAddress kPortMac = {2, 0, 0, 0, 0, 1};
constexpr MacAddress kBroadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

Result<FrameSpec> spec_from(const std::string& text) {
  auto params = nfv::api::from_wire<FrameParams>(json::parse(text), "frame");
  if (!params) return std::move(params).error();
  return to_frame_spec(*params, kPortMac, kBroadcast);
}

TEST(FrameParams, DefaultsComeFromThePort) {
  auto spec = spec_from("{}");
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec->src, kPortMac);
  EXPECT_EQ(spec->dst, kBroadcast);
  EXPECT_EQ(spec->sizes.kind(), SizeSchedule::Kind::kFixed);
  EXPECT_EQ(spec->sizes.min_size(), 64u);
  EXPECT_EQ(spec->stream, 0);
  EXPECT_EQ(spec->seed, 1u);
  EXPECT_TRUE(spec->timestamped);
  EXPECT_EQ(spec->flows.count, 1u);
  EXPECT_FALSE(spec->vlan_tci.has_value());
}

TEST(FrameParams, EveryFieldMapsOntoTheSpec) {
  auto spec = spec_from(R"({"src":"02:00:00:00:00:0a","dst":"02:00:00:00:00:0b","vlan":100,
      "pcp":5,"size_min":64,"size_max":128,"size_order":"sweep","size_step":2,"stream":9,
      "seed":77,"flows":16,"flow_field":"dst_mac","timestamp":false,"ip_src":"10.1.2.3",
      "ip_dst":"192.168.0.9"})");
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec->src, (MacAddress{2, 0, 0, 0, 0, 0x0a}));
  EXPECT_EQ(spec->dst, (MacAddress{2, 0, 0, 0, 0, 0x0b}));
  EXPECT_EQ(spec->vlan_tci, (5 << 13) | 100);
  EXPECT_EQ(spec->sizes.kind(), SizeSchedule::Kind::kSweep);
  EXPECT_EQ(spec->sizes.step(), 2u);
  EXPECT_EQ(spec->stream, 9);
  EXPECT_EQ(spec->seed, 77u);
  EXPECT_EQ(spec->flows.count, 16u);
  EXPECT_EQ(spec->flows.field, FlowField::kDstMac);
  EXPECT_FALSE(spec->timestamped);
  ASSERT_TRUE(spec->ipv4.has_value());
  EXPECT_EQ(spec->ipv4->src, (std::array<uint8_t, 4>{10, 1, 2, 3}));
  EXPECT_EQ(spec->ipv4->dst, (std::array<uint8_t, 4>{192, 168, 0, 9}));

  // And back: the test fixture sends specs as FrameParams.
  auto again = to_frame_spec(to_frame_params(*spec), kPortMac, kBroadcast);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(nfv::api::to_wire(to_frame_params(*again)), nfv::api::to_wire(to_frame_params(*spec)));
  EXPECT_EQ(spec_from(R"({"imix":true})")->sizes.kind(), SizeSchedule::Kind::kImix);
  EXPECT_EQ(spec_from(R"({"size_min":64,"size_max":70})")->sizes.kind(),
            SizeSchedule::Kind::kHashed);
}

TEST(FrameParams, ErrorsSayWhatToChange) {
  auto error = [](const std::string& text) {
    auto spec = spec_from(text);
    return spec.ok() ? std::string("(accepted)") : spec.error().message;
  };
  EXPECT_EQ(error(R"({"size":64,"imix":true})"),
            "frame: give only one of size, size_min+size_max or imix");
  EXPECT_EQ(error(R"({"size_min":64})"), "frame: a size range needs both size_min and size_max");
  EXPECT_EQ(error(R"({"size":64,"size_order":"sweep"})"),
            "frame.size_order applies to a size_min..size_max range only");
  EXPECT_EQ(error(R"({"size_min":64,"size_max":99,"size_order":"random"})"),
            "frame.size_order 'random': use \"hashed\" or \"sweep\"");
  EXPECT_EQ(error(R"({"vlan":5000})"), "frame.vlan 5000: out of range [0, 4095]");
  EXPECT_EQ(error(R"({"pcp":3})"),
            "frame.pcp needs frame.vlan (the priority lives in the VLAN tag)");
  EXPECT_EQ(error(R"({"flow_field":"ip"})"),
            "frame.flow_field 'ip': use \"src_mac\" or \"dst_mac\"");
  EXPECT_NE(error(R"({"size":40})").find("frame: frame size 40 is too small"), std::string::npos);
  EXPECT_NE(error(R"({"dst":"nope"})").find("frame.dst:"), std::string::npos);
  EXPECT_EQ(error(R"({"ip_src":"10.0.0.1"})"),
            "frame.ip_src and frame.ip_dst go together (IPv4/UDP frames need both)");
  EXPECT_EQ(error(R"({"ip_src":"10.0.0.1","ip_dst":"10.0.0.256"})"),
            "frame.ip_dst '10.0.0.256': not an IPv4 address (a.b.c.d)");
  EXPECT_EQ(error(R"({"size":"big"})"), "frame.size: expected integer, got string");
  EXPECT_NE(error(R"({"sise":64})").find("frame: unknown field 'sise'"), std::string::npos);
}

TEST(Lines, RequestsCarryTheCommandAndItsParameters) {
  SendParams params;
  params.port = 1;
  params.count = 5;
  params.frame.size = 128;
  json request = make_request(kSend, params);
  EXPECT_EQ(request["cmd"], "send");
  EXPECT_EQ(request["port"], 1);
  EXPECT_EQ(request["count"], 5);
  EXPECT_EQ(request["frame"]["size"], 128);

  auto parsed = parse_request_line(request.dump());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->cmd, "send");
  EXPECT_FALSE(parsed->params.contains("cmd"));
  auto decoded = nfv::api::from_wire<SendParams>(parsed->params, "send");
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->count, 5u);
  EXPECT_EQ(decoded->frame.size, 128u);

  EXPECT_EQ(parse_request_line("not json").error().message,
            "request is not a JSON object: 'not json'");
  EXPECT_EQ(parse_request_line(R"({"port":1})").error().message,
            "request has no \"cmd\" string, e.g. {\"cmd\":\"stats\"}");
}

TEST(Lines, RepliesAreOkWithFieldsOrAnError) {
  json ok = make_ok_reply(nfv::api::to_wire(WaitRxResult{1, 10, 3}));
  EXPECT_EQ(ok.dump(), R"({"ok":true,"port":1,"received":10,"waited_ms":3})");
  auto result = parse_reply_line(ok.dump());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(nfv::api::from_wire<WaitRxResult>(*result)->received, 10u);

  json failed = make_error_reply("port 3 does not exist");
  EXPECT_EQ(failed.dump(), R"({"ok":false,"error":"port 3 does not exist"})");
  EXPECT_EQ(parse_reply_line(failed.dump()).error().message, "port 3 does not exist");
  EXPECT_FALSE(parse_reply_line("EAL: hello").ok());
}

TEST(Commands, NamesAreUnique) {
  std::vector<std::string_view> names;
  std::apply([&](const auto&... command) { (names.push_back(command.name), ...); }, kAllCommands);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  EXPECT_EQ(names.size(), 19u);
}

}  // namespace
}  // namespace nfv::traffic::proto
