// What `nfvctl vfs` shows through nfvd: the VF count and every VF of the PFs nfvd manages,
// desired against the host, with what an apply would do; the host's other PFs as foreign.
#include "nfv/nfvd/vf_views.h"

#include <gtest/gtest.h>

#include "nfv/reconcile/sriov_reconcile.h"

namespace nfv::nfvd {
namespace {

using reconcile::PfState;
using reconcile::SriovState;
using reconcile::VfConfigState;

constexpr const char* kOwned = "0000:3b:00.0";
constexpr const char* kForeign = "0000:af:00.0";

VfConfigState on_host(std::string driver) {
  VfConfigState vf;
  vf.mac = "00:00:00:00:00:00";
  vf.vlan = 0;
  vf.qos = 0;
  vf.spoof_check = true;
  vf.trust = false;
  vf.max_rate = 0;
  vf.driver = std::move(driver);
  return vf;
}

struct Host {
  SriovState desired;
  SriovState observed;
  std::set<std::string> owned{kOwned};
  VfAddresses addresses;

  Host() {
    PfState& wanted = desired[kOwned];
    wanted.vfs = 3;
    wanted.vf[0].mac = "52:54:00:00:00:01";
    wanted.vf[0].trust = true;
    wanted.vf[1].driver = "vfio-pci";
    PfState& has = observed[kOwned];
    has.vfs = 2;
    has.vf[0] = on_host("iavf");
    has.vf[1] = on_host("vfio-pci");
    // A PF outside the config: read by count and drivers alone.
    observed[kForeign].vfs = 1;
    observed[kForeign].vf[0].driver = "mlx5_core";
    addresses[kOwned] = {{0, "0000:3b:02.0"}, {1, "0000:3b:02.1"}};
    addresses[kForeign] = {{0, "0000:af:00.2"}};
  }

  std::vector<api::NfvdVf> views() {
    SriovState managed = observed;
    managed.erase(kForeign);
    auto steps = reconcile::reconcile_sriov(desired, managed, owned);
    return vf_views({desired, observed, owned, steps, addresses});
  }
};

std::string row_text(const api::NfvdVf& vf) {
  return fmt::format("{} [{}] {} desired={} observed={} wanted=\"{}\" host=\"{}\" driver={} | {}",
                     vf.name, vf.address, vf.owner, vf.desired, vf.observed, vf.wanted, vf.host,
                     vf.driver, vf.state);
}

TEST(VfViews, CountSettingsAndDriversAgainstTheHostWithWhatAnApplyWouldDo) {
  Host host;
  std::vector<std::string> rows;
  for (const auto& vf : host.views()) rows.push_back(row_text(vf));
  std::vector<std::string> expected = {
      "0000:3b:00.0 [] nfvd desired=true observed=true wanted=\"3 VFs\" host=\"2 VFs\" "
      "driver= | change: VFs 2 -> 3",
      "0000:3b:00.0/vf0 [0000:3b:02.0] nfvd desired=true observed=true "
      "wanted=\"mac 52:54:00:00:00:01, trust on\" host=\"mac 00:00:00:00:00:00, vlan 0, qos 0, "
      "spoof_check on, trust off, max_rate 0\" driver=iavf | create: new VF: mac "
      "52:54:00:00:00:01, trust on",
      "0000:3b:00.0/vf1 [0000:3b:02.1] nfvd desired=true observed=true "
      "wanted=\"driver vfio-pci\" host=\"mac 00:00:00:00:00:00, vlan 0, qos 0, spoof_check on, "
      "trust off, max_rate 0\" driver=vfio-pci | change: leaves vfio-pci: the VF count of its PF "
      "changes; create: new VF: driver vfio-pci",
      "0000:3b:00.0/vf2 [] nfvd desired=true observed=false wanted=\"\" host=\"\" driver= | "
      "create: with the VF count",
      "0000:af:00.0 [] foreign desired=false observed=true wanted=\"\" host=\"1 VFs\" driver= | "
      "left as it is",
      "0000:af:00.0/vf0 [0000:af:00.2] foreign desired=false observed=true wanted=\"\" "
      "host=\"\" driver=mlx5_core | left as it is",
  };
  EXPECT_EQ(rows, expected);
}

TEST(VfViews, AnOwnedPfThatLeftTheConfigGoesBackToNoVfs) {
  Host host;
  host.desired.clear();
  auto views = host.views();
  ASSERT_FALSE(views.empty());
  EXPECT_EQ(views[0].name, kOwned);
  EXPECT_EQ(views[0].owner, "nfvd");
  EXPECT_FALSE(views[0].desired);
  EXPECT_EQ(views[0].state, "delete: not in the config (was nfvd's): VFs 2 -> 0");
  ASSERT_GE(views.size(), 3u);
  EXPECT_EQ(views[1].state, "delete: with the VF count");
  EXPECT_EQ(views[2].state, "change: leaves vfio-pci: the VF count of its PF changes");
}

TEST(VfViews, SettingsOfExistingVfsAreChangedInPlace) {
  Host host;
  host.desired[kOwned].vfs = 2;
  auto views = host.views();
  ASSERT_GE(views.size(), 3u);
  EXPECT_EQ(views[0].state, "in sync");
  EXPECT_EQ(views[1].state, "change: mac 00:00:00:00:00:00 -> 52:54:00:00:00:01, trust off -> on");
  EXPECT_EQ(views[2].state, "in sync");
}

TEST(VfViews, TheOwnedPfsAndTheirVfsOnTheWire) {
  Host host;
  reconcile::Ownership owned{{}, {}, {}, {kOwned, "0000:5e:00.0"}, {}};
  api::NfvdOwnership wire = ownership_wire(owned, "/etc/nfvd/host.yaml", host.addresses);
  ASSERT_EQ(wire.pfs.size(), 2u);
  EXPECT_EQ(wire.pfs[0].pf, kOwned);
  EXPECT_EQ(wire.pfs[0].vfs, (std::vector<std::string>{"0000:3b:02.0", "0000:3b:02.1"}));
  EXPECT_EQ(wire.pfs[1].pf, "0000:5e:00.0");  // gone from the host: owned, no VFs
  EXPECT_TRUE(wire.pfs[1].vfs.empty());
}

}  // namespace
}  // namespace nfv::nfvd
