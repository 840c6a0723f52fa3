// port.add's and bridge.add's validation is a pure function: wire parameters in, a typed
// spec or an error naming the port and the field out, before the switch is touched.
#include "nfv/dataplane/port_spec.h"

#include <gtest/gtest.h>

#include "nfv/api/jsonrpc.h"
#include "nfv/dataplane/bridge.h"

namespace nfv::dp {
namespace {

const PortDefaults kDefaults{"/run/vhost", 8};

api::PortAddParams vhost_port(const std::string& name) {
  api::PortAddParams p;
  p.name = name;
  p.type = "vhost";
  return p;
}

std::string error_of(const api::PortAddParams& p) {
  auto spec = make_port_spec(p, kDefaults);
  EXPECT_FALSE(spec.ok()) << p.name;
  if (spec.ok()) return "";
  EXPECT_EQ(spec.error().code, static_cast<int>(api::ErrorCode::kInvalidParams));
  return spec.error().message;
}

TEST(PortSpec, AVhostPortGetsItsDefaultsAndTypedEnums) {
  auto spec = make_port_spec(vhost_port("vm1"), kDefaults);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec->type, PortType::kVhost);
  EXPECT_EQ(spec->vhost.mode, SocketMode::kServer);
  EXPECT_EQ(spec->vhost.path, "/run/vhost/vm1.sock");
  EXPECT_EQ(spec->queues, 1);
  EXPECT_EQ(spec->tx_retries, 8);
  EXPECT_EQ(spec->vlan.mode, VlanMode::kTrunk);
  EXPECT_EQ(wire_name(spec->type), "vhost");
  EXPECT_EQ(wire_name(spec->vhost.mode), "server");
}

TEST(PortSpec, ClientModeQueuesRetriesAndVlanAreTaken) {
  api::PortAddParams p = vhost_port("vm2");
  p.mode = "client";
  p.path = "/tmp/qemu.sock";
  p.queues = 4;
  p.tx_retries = 0;
  p.vlan = api::VlanConfig{"access", 10, "", 0};
  p.exist_ok = true;
  auto spec = make_port_spec(p, kDefaults);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec->vhost.mode, SocketMode::kClient);
  EXPECT_EQ(spec->vhost.path, "/tmp/qemu.sock");
  EXPECT_EQ(spec->queues, 4);
  EXPECT_EQ(spec->tx_retries, 0);
  EXPECT_EQ(spec->vlan.mode, VlanMode::kAccess);
  EXPECT_EQ(spec->vlan.access_tag, 10);
  EXPECT_FALSE(spec->params.exist_ok) << "kept for comparing a repeated add";
}

TEST(PortSpec, ADpdkPortNeedsDevargsAndNoVhostFields) {
  api::PortAddParams p;
  p.name = "up0";
  p.type = "dpdk";
  EXPECT_NE(error_of(p).find("port up0: a dpdk port needs devargs"), std::string::npos);
  p.devargs = "net_tap0,iface=tap0";
  auto spec = make_port_spec(p, kDefaults);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec->type, PortType::kDpdk);
  EXPECT_EQ(spec->dpdk.devargs, "net_tap0,iface=tap0");
  p.mode = "client";
  EXPECT_EQ(error_of(p), "port up0: path and mode apply to vhost ports");
  p.mode.clear();
  p.socket = api::SocketConfig{"qemu", "", 0};
  EXPECT_EQ(error_of(p), "port up0: socket and vhost settings apply to vhost ports");
}

TEST(PortSpec, EveryBadFieldIsRefusedWithTheFieldNamed) {
  api::PortAddParams p = vhost_port("vm3");
  p.type = "veth";
  EXPECT_EQ(error_of(p), "port vm3: type 'veth' is not vhost or dpdk");
  p = vhost_port("vm3");
  p.mode = "listen";
  EXPECT_EQ(error_of(p), "port vm3: mode 'listen' is not server or client");
  p = vhost_port("vm3");
  p.devargs = "net_null0";
  EXPECT_EQ(error_of(p), "port vm3: devargs apply to dpdk ports");
  p = vhost_port("vm3");
  p.queues = 17;
  EXPECT_EQ(error_of(p), "port vm3: 17 queues is out of range [1, 16]");
  p = vhost_port("vm3");
  p.tx_retries = 5000;
  EXPECT_EQ(error_of(p), "port vm3: tx_retries 5000 is above 1024");
  p = vhost_port("vm3");
  p.bridge = "br0";
  p.xconnect = "vm4";
  EXPECT_EQ(error_of(p), "port vm3: give a bridge or a cross-connect, not both");
  p = vhost_port("vm3");
  p.vlan = api::VlanConfig{"access", 5000, "", 0};
  EXPECT_NE(error_of(p).find("vm3"), std::string::npos);
  for (const std::string& bad : {std::string(), std::string("-x"), std::string("a b"),
                                 std::string("x/y"), std::string(65, 'a')}) {
    EXPECT_NE(error_of(vhost_port(bad)).find("is invalid"), std::string::npos) << bad;
  }
}

TEST(BridgeSpec, DefaultsApplyAndRangesAreChecked) {
  BridgeDefaults defaults{65536, 300};
  auto spec = make_bridge_spec(api::BridgeAddParams{"br0", {}, {}, {}, false}, defaults);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(*spec, (BridgeSpec{"br0", 65536, 300, 0}));
  auto small = make_bridge_spec(api::BridgeAddParams{"br0", 8, {}, {}, false}, defaults);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().message, "bridge br0: mac_table_size 8 is out of range [16, 16777216]");
  auto ageing = make_bridge_spec(api::BridgeAddParams{"br0", {}, 0, {}, false}, defaults);
  ASSERT_FALSE(ageing.ok());
  EXPECT_EQ(ageing.error().message, "bridge br0: ageing_s 0 is out of range [1, 1000000]");
  EXPECT_FALSE(make_bridge_spec(api::BridgeAddParams{"b r", {}, {}, {}, false}, defaults).ok());
}

}  // namespace
}  // namespace nfv::dp
