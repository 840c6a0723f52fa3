// One owner, nfvctl's side: which objects a switch request changes, the refusal that names
// nfvd and the commands to use instead, and no refusal when nfvd does not answer.
#include "nfv/nfvctl/ownership_guard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "nfv/nfvctl/switch_commands.h"
#include "nfv/testing/command_run.h"

namespace nfv::nfvctl {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

api::NfvdOwnership owned() {
  api::NfvdOwnership owned;
  owned.config_path = "/etc/nfvd/host.yaml";
  owned.bridges = {"br0"};
  owned.ports = {"vm1", "up0"};
  owned.macs = {{"br0", "02:00:00:00:00:aa", 10}};
  owned.pfs = {{"0000:3b:00.0", {"0000:3b:02.0", "0000:3b:02.1"}}};
  return owned;
}

std::optional<std::string> refusal(std::string_view method, const api::json& params) {
  return ownership_refusal(objects_changed_by(method, params), owned());
}

TEST(OwnershipGuard, ChangesToNfvdsObjectsAreRefusedWithTheFix) {
  auto refused = refusal("vlan.set", {{"port", "vm1"}, {"vlan", {{"mode", "access"}}}});
  ASSERT_TRUE(refused);
  EXPECT_THAT(*refused, HasSubstr("port vm1 belongs to nfvd"));
  EXPECT_THAT(*refused, HasSubstr("nfvctl diff /etc/nfvd/host.yaml"));
  EXPECT_THAT(*refused, HasSubstr("nfvctl apply /etc/nfvd/host.yaml"));
  EXPECT_TRUE(refusal("port.del", {{"name", "up0"}}));
  EXPECT_TRUE(refusal("port.set", {{"name", "vm1"}, {"admin", "down"}}));
  EXPECT_TRUE(refusal("port.add", {{"name", "vm1"}, {"type", "vhost"}}));
  EXPECT_TRUE(refusal("bridge.del", {{"name", "br0"}}));
  EXPECT_TRUE(refusal("bridge.add", {{"name", "br0"}}));
  auto mac = refusal("mac.del", {{"bridge", "br0"}, {"mac", "02:00:00:00:00:AA"}, {"vlan", 10}});
  ASSERT_TRUE(mac) << "MACs compare in lower case";
  EXPECT_THAT(*mac, HasSubstr("static MAC 02:00:00:00:00:aa vlan 10 in bridge br0"));
}

TEST(OwnershipGuard, AForeignPortMayNotPairWithAnOwnedOne) {
  auto refused = refusal("port.set", {{"name", "lab0"}, {"xconnect", "up0"}});
  ASSERT_TRUE(refused);
  EXPECT_THAT(*refused, HasSubstr("port up0 belongs to nfvd"));
}

TEST(OwnershipGuard, ObjectsOutsideTheConfigAndReadsAreFree) {
  EXPECT_FALSE(refusal("port.add", {{"name", "lab0"}, {"type", "dpdk"}, {"bridge", "br0"}}));
  EXPECT_FALSE(refusal("port.del", {{"name", "lab0"}}));
  EXPECT_FALSE(
      refusal("mac.add", {{"bridge", "br0"}, {"mac", "02:00:00:00:00:aa"}, {"port", "vm1"}}))
      << "vlan 0 is another entry";
  EXPECT_FALSE(refusal("bridge.add", {{"name", "lab"}}));
  EXPECT_THAT(objects_changed_by("port.list", api::json::object()), IsEmpty());
  EXPECT_THAT(objects_changed_by("mac.flush", {{"bridge", "br0"}}), IsEmpty());
  EXPECT_THAT(objects_changed_by("port.del", api::json::array()), IsEmpty());
}

ChangedObject vf(std::string address, std::string pf) {
  return {OwnedKind::kVf, std::move(address), "", 0, std::move(pf)};
}

TEST(OwnershipGuard, VfsOfAPfNfvdOwnsAreRefusedWithTheFix) {
  auto count = ownership_refusal({{OwnedKind::kPf, "0000:3b:00.0", "", 0, ""}}, owned());
  ASSERT_TRUE(count);
  EXPECT_EQ(*count,
            "SR-IOV PF 0000:3b:00.0 (its VFs) belongs to nfvd (it is in the config nfvd applied, "
            "/etc/nfvd/host.yaml): nfvctl does not change it while nfvd runs. Edit that config, "
            "then `nfvctl diff /etc/nfvd/host.yaml` to see the change and `nfvctl apply "
            "/etc/nfvd/host.yaml` to make it; objects outside the config can be changed directly");
  auto by_pf = ownership_refusal({vf("0000:3b:02.5", "0000:3b:00.0")}, owned());
  ASSERT_TRUE(by_pf) << "a VF created since nfvd listed them is known by its PF";
  EXPECT_THAT(*by_pf, HasSubstr("VF 0000:3b:02.5 of PF 0000:3b:00.0 belongs to nfvd"));
  auto by_address = ownership_refusal({vf("0000:3b:02.1", "")}, owned());
  ASSERT_TRUE(by_address) << "nfvd's list of the PF's VFs names it";
  EXPECT_THAT(*by_address, HasSubstr("VF 0000:3b:02.1 belongs to nfvd"));
  EXPECT_THAT(*by_address, HasSubstr("nfvctl apply /etc/nfvd/host.yaml"));
}

TEST(OwnershipGuard, VfsOfOtherPfsStayChangeable) {
  EXPECT_FALSE(ownership_refusal({vf("0000:af:00.2", "0000:af:00.0")}, owned()));
  EXPECT_FALSE(ownership_refusal({vf("0000:5e:00.0", "")}, owned())) << "a whole device";
  EXPECT_FALSE(ownership_refusal({{OwnedKind::kPf, "0000:af:00.0", "", 0, ""}}, owned()));
}

// Without nfvd nothing is refused: the command goes on to the switch (absent here too, so it
// fails on the switch's socket, not on nfvd).
TEST(OwnershipGuard, WithoutNfvdTheCommandGoesToTheSwitch) {
  cli::Registry registry;
  register_switch_commands(registry);
  std::ostringstream out, err;
  cli::Context ctx;
  ctx.out = &out;
  ctx.err = &err;
  ctx.switch_socket = "/nonexistent/nfv-switch.sock";
  ctx.nfvd_socket = "/nonexistent/nfvd.sock";
  EXPECT_FALSE(refused_by_nfvd(ctx, "port.del", {{"name", "vm1"}}));
  size_t consumed = 0;
  const cli::Command* del = registry.find({"port", "del", "vm1"}, consumed);
  ASSERT_NE(del, nullptr);
  EXPECT_EQ(del->run(ctx, {"vm1"}), cli::kExitError);
  EXPECT_THAT(err.str(), HasSubstr("/nonexistent/nfv-switch.sock"));
  EXPECT_THAT(err.str(), ::testing::Not(HasSubstr("nfvd")));
}

}  // namespace
}  // namespace nfv::nfvctl
