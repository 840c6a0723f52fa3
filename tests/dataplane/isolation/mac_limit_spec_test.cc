// The MAC limit and lock options' validation, pure: wire parameters in, the typed option or
// an error naming the object and the field out.
#include <gtest/gtest.h>

#include "nfv/api/jsonrpc.h"
#include "nfv/dataplane/bridge.h"
#include "nfv/dataplane/port_spec.h"

namespace nfv::dp {
namespace {

api::PortAddParams vhost_port(const std::string& name) {
  api::PortAddParams p;
  p.name = name;
  p.type = "vhost";
  return p;
}

TEST(MacLimitSpec, APortHasNoLimitOrLockUnlessAsked) {
  auto plain = make_port_spec(vhost_port("vm1"), PortDefaults{"/run/vhost", 8});
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_EQ(plain->learning, PortLearnPolicy{});
  EXPECT_FALSE(api::to_wire(plain->params).contains("mac_limit"))
      << "absent stays absent on the wire (a switch without the option still accepts it)";

  api::PortAddParams p = vhost_port("vm1");
  p.mac_limit = 16777216;
  p.mac_lock = true;
  auto limited = make_port_spec(p, PortDefaults{"/run/vhost", 8});
  ASSERT_TRUE(limited.ok()) << limited.error().message;
  EXPECT_EQ(limited->learning, (PortLearnPolicy{16777216, true}));
}

TEST(MacLimitSpec, APortLimitAboveTheLargestTableIsRefusedWithTheFieldNamed) {
  api::PortAddParams p = vhost_port("vm2");
  p.mac_limit = 16777217;
  auto spec = make_port_spec(p, PortDefaults{"/run/vhost", 8});
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().code, static_cast<int>(api::ErrorCode::kInvalidParams));
  EXPECT_EQ(spec.error().message,
            "port vm2: mac_limit 16777217 is out of range [0, 16777216] (0: no limit)");
  EXPECT_TRUE(check_mac_limit("vm2", 0));
  EXPECT_FALSE(check_mac_limit("vm2", 16777217));
}

TEST(MacLimitSpec, ABridgeLimitIsAPolicyBelowItsTableSize) {
  BridgeDefaults defaults{1024, 300};
  api::BridgeAddParams p;
  p.name = "br0";
  auto unlimited = make_bridge_spec(p, defaults);
  ASSERT_TRUE(unlimited.ok()) << unlimited.error().message;
  EXPECT_EQ(unlimited->mac_limit, 0u);
  p.mac_limit = 1024;
  auto full_size = make_bridge_spec(p, defaults);
  ASSERT_TRUE(full_size.ok()) << full_size.error().message;
  EXPECT_EQ(full_size->mac_limit, 1024u);
  EXPECT_NE(*full_size, *unlimited) << "a repeated bridge.add with another limit differs";
  p.mac_limit = 1025;
  auto above = make_bridge_spec(p, defaults);
  ASSERT_FALSE(above.ok());
  EXPECT_EQ(above.error().code, static_cast<int>(api::ErrorCode::kInvalidParams));
  EXPECT_EQ(above.error().message,
            "bridge br0: mac_limit 1025 is above its mac_table_size 1024 (give at most 1024, or "
            "0 for no limit but the table's size)");
}

TEST(MacLimitSpec, WireValuesOutOfTypeNameTheField) {
  auto negative = api::from_wire<api::PortSetParams>(api::json{{"name", "a"}, {"mac_limit", -1}});
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().message, "params.mac_limit: -1 is out of range [0, 4294967295]");
  auto lock = api::from_wire<api::PortSetParams>(api::json{{"name", "a"}, {"mac_lock", "yes"}});
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.error().message, "params.mac_lock: expected boolean, got string");
}

}  // namespace
}  // namespace nfv::dp
