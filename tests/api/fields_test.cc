#include "nfv/api/fields.h"

#include <gtest/gtest.h>

#include "nfv/api/switch_api.h"

namespace nfv::api {
namespace {

TEST(Fields, ParsesRequiredAndOptional) {
  auto params = from_wire<PortAddParams>(
      json::parse(R"({"name":"vm1","type":"vhost","queues":4,"vlan":{"mode":"access","tag":10}})"));
  ASSERT_TRUE(params) << params.error().message;
  EXPECT_EQ(params->name, "vm1");
  EXPECT_EQ(params->queues, 4u);
  ASSERT_TRUE(params->vlan.has_value());
  EXPECT_EQ(params->vlan->mode, "access");
  EXPECT_EQ(params->vlan->tag, 10u);
  EXPECT_FALSE(params->socket.has_value());
  EXPECT_FALSE(params->exist_ok);
}

TEST(Fields, MissingRequiredFieldIsNamed) {
  auto params = from_wire<PortAddParams>(json::parse(R"({"type":"vhost"})"));
  ASSERT_FALSE(params);
  EXPECT_EQ(params.error().message, "params.name: required field is missing");
}

TEST(Fields, WrongTypeIsNamedWithPath) {
  auto params =
      from_wire<PortAddParams>(json::parse(R"({"name":"a","type":"vhost","vlan":{"tag":"x"}})"));
  ASSERT_FALSE(params);
  EXPECT_EQ(params.error().message, "params.vlan.tag: expected integer, got string");
}

TEST(Fields, OutOfRangeInteger) {
  auto params = from_wire<PortAddParams>(
      json::parse(R"({"name":"a","type":"vhost","queues":-1})"));
  ASSERT_FALSE(params);
  EXPECT_EQ(params.error().message, "params.queues: -1 is out of range [0, 4294967295]");
}

TEST(Fields, UnknownFieldIsRefusedWithTheKnownOnes) {
  auto params = from_wire<NameParams>(json::parse(R"({"name":"a","mising_ok":true})"));
  ASSERT_FALSE(params);
  EXPECT_EQ(params.error().message,
            "params: unknown field 'mising_ok' (known fields: name, missing_ok)");
}

TEST(Fields, NotAnObject) {
  auto params = from_wire<NameParams>(json::parse(R"([1,2])"));
  ASSERT_FALSE(params);
  EXPECT_EQ(params.error().message, "params: expected an object, got array");
}

TEST(Fields, RoundTripOmitsUnsetOptionals) {
  PortStats stats;
  stats.name = "p0";
  stats.rx_packets = 10;
  stats.drops["hairpin"] = 2;
  stats.rx_queues.push_back({0, 1, 10});
  json wire = to_wire(stats);
  EXPECT_EQ(wire["drops"]["hairpin"], 2);
  auto back = from_wire<PortStats>(wire);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->rx_queues.at(0).pmd, 1u);

  PortInfo info;
  EXPECT_FALSE(to_wire(info).contains("features"));
}

}  // namespace
}  // namespace nfv::api
