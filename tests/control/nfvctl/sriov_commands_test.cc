// nfvctl vfs / vf create|bind|release|set|adopt on the fake sysfs: exact output, JSON, exit
// codes and error text.
#include "nfv/nfvctl/sriov_commands.h"

#include <gtest/gtest.h>

#include "host_fixture.h"
#include "nfv/cli/output.h"
#include "nfv/testing/command_run.h"

namespace nfv::sriov::testing {
namespace {

// Lets the commands own a transport while the test keeps the fake's state.
class ForwardingTransport : public NetlinkTransport {
 public:
  explicit ForwardingTransport(NetlinkTransport& target) : target_(target) {}
  Result<std::vector<uint8_t>> exchange(std::span<const uint8_t> request) override {
    return target_.exchange(request);
  }

 private:
  NetlinkTransport& target_;
};

class Nfvctl {
 public:
  explicit Nfvctl(const std::string& profile = "telco") : host(profile) {
    nfvctl::SriovBackends backends;
    backends.vfio = [this](const std::filesystem::path&,
                           const std::filesystem::path&) -> std::unique_ptr<VfioGroups> {
      return std::make_unique<FakeVfioGroups>(host.sys.root());
    };
    backends.netlink = [this]() -> Result<std::unique_ptr<NetlinkTransport>> {
      return std::unique_ptr<NetlinkTransport>(new ForwardingTransport(host.netlink));
    };
    nfvctl::register_sriov_commands(registry, backends);
  }

  // Runs `nfvctl [-j] ARGS --sysfs ROOT --state FILE`; output lands in out/err.
  int run(std::vector<std::string> args, bool json = false) {
    args.insert(args.end(),
                {"--sysfs", host.sys.root().string(), "--state", host.state_path().string()});
    last = nfv::testing::run_command(registry, args, json);
    return last.exit_code;
  }
  const std::string& out() const { return last.out; }
  const std::string& err() const { return last.err; }
  nlohmann::json json_out() const { return last.json(); }

  HostFixture host;
  cli::Registry registry;
  nfv::testing::CommandRun last;
};

TEST(NfvctlSriov, CreateBindListReleaseRemove) {
  Nfvctl nfvctl;
  ASSERT_EQ(
      nfvctl.run({"vf", "create", "--pf", "0000:3b:00.0", "--count", "2", "--autoprobe", "0"}),
      cli::kExitOk)
      << nfvctl.err();
  EXPECT_EQ(nfvctl.out(),
            "PF 0000:3b:00.0: sriov_drivers_autoprobe 1 -> 0\n"
            "PF 0000:3b:00.0: enabling 2 VFs (sriov_numvfs 0 -> 2)\n"
            "PF 0000:3b:00.0: 2 VFs (0000:3b:02.0 .. 0000:3b:02.1), sriov_drivers_autoprobe 0\n");

  ASSERT_EQ(nfvctl.run({"vf", "bind", "--vf", "0000:3b:02.1", "--owner", "vm1"}), cli::kExitOk)
      << nfvctl.err();
  EXPECT_EQ(nfvctl.out(),
            "0000:3b:02.1: binding to vfio-pci for vm1 (guest)\n"
            "0000:3b:02.1: driver_override -> vfio-pci\n"
            "0000:3b:02.1: probing (drivers_probe)\n"
            "0000:3b:02.1: bound to vfio-pci\n"
            "0000:3b:02.1: allocated to vm1 (guest), recorded in " +
                nfvctl.host.state_path().string() +
                "\n"
                "0000:3b:02.1 is on vfio-pci for vm1 (guest), IOMMU group 1, node 0\n"
                "libvirt: <hostdev mode='subsystem' type='pci' managed='no'><source><address "
                "domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/></source></hostdev>\n");

  ASSERT_EQ(nfvctl.run({"vfs"}), cli::kExitOk) << nfvctl.err();
  EXPECT_EQ(nfvctl.out(),
            "PF            NETDEV      DRIVER     NODE  VFS   AUTOPROBE  GROUP  VF MODEL\n"
            "0000:3b:00.0  enp59s0f0   i40e       0     2/8   0          40     8086:154c\n"
            "0000:af:00.0  enp175s0f0  mlx5_core  1     0/64  1          80     15b3:1018\n"
            "\n"
            "PF            VF  BDF           DRIVER    GROUP  OWNER        NODE\n"
            "0000:3b:00.0  0   0000:3b:02.0  -         0      -            0\n"
            "0000:3b:00.0  1   0000:3b:02.1  vfio-pci  1      vm1 (guest)  0\n");

  ASSERT_EQ(nfvctl.run({"vfs"}, /*json=*/true), cli::kExitOk);
  auto listing = nfvctl.json_out();
  const auto& vf1 = listing["pfs"][0]["vfs"][1];
  EXPECT_EQ(vf1["bdf"], "0000:3b:02.1");
  EXPECT_EQ(vf1["index"], 1);
  EXPECT_EQ(vf1["driver"], "vfio-pci");
  EXPECT_EQ(vf1["iommu_group"], 1);
  EXPECT_EQ(vf1["numa_node"], 0);
  EXPECT_EQ(vf1["owner"], "vm1");
  EXPECT_EQ(vf1["purpose"], "guest");
  EXPECT_TRUE(listing["pfs"][0]["vfs"][0]["driver"].is_null());
  EXPECT_EQ(listing["pfs"][1]["num_vfs"], 0);

  ASSERT_EQ(nfvctl.run({"vf", "release", "--vf", "0000:3b:02.1"}), cli::kExitOk) << nfvctl.err();
  EXPECT_EQ(nfvctl.out().substr(nfvctl.out().rfind("0000:3b:02.1 released")),
            "0000:3b:02.1 released from vm1, now on no driver\n");
  ASSERT_EQ(nfvctl.run({"vf", "create", "--pf", "0000:3b:00.0", "--count", "0"}), cli::kExitOk);
  EXPECT_EQ(nfvctl.out(),
            "PF 0000:3b:00.0: removing 2 VFs (sriov_numvfs 2 -> 0)\n"
            "PF 0000:3b:00.0: 0 VFs, sriov_drivers_autoprobe 0\n");
}

TEST(NfvctlSriov, JsonKeepsProgressOffStdout) {
  Nfvctl nfvctl;
  ASSERT_EQ(nfvctl.run({"vf", "bind", "--vf", "0000:d8:00.0", "--owner", "ai1", "--purpose",
                        "switch-port"},
                       true),
            cli::kExitOk);
  auto value = nfvctl.json_out();
  EXPECT_EQ(value["bdf"], "0000:d8:00.0");
  EXPECT_EQ(value["host_driver"], "nvidia");
  EXPECT_EQ(value["devargs"], "0000:d8:00.0");
  EXPECT_TRUE(value["pf"].is_null());
  EXPECT_NE(nfvctl.err().find("0000:d8:00.0: unbinding from nvidia\n"), std::string::npos);
}

TEST(NfvctlSriov, ErrorsNameTheObjectAndTheFix) {
  Nfvctl nfvctl("shared-group");
  ASSERT_EQ(
      nfvctl.run({"vf", "create", "--pf", "0000:3b:00.0", "--count", "1", "--autoprobe", "0"}),
      cli::kExitOk);
  EXPECT_EQ(nfvctl.run({"vf", "bind", "--vf", "0000:3b:02.0"}), cli::kExitError);
  EXPECT_EQ(nfvctl.err().rfind("nfvctl: cannot give 0000:3b:02.0 to VFIO: IOMMU group 40 is "
                               "not viable for VFIO: 0000:3b:00.0 is bound to i40e, "
                               "0000:3b:00.3 is bound to xhci_hcd;",
                               0),
            0u)
      << nfvctl.err();
  EXPECT_EQ(nfvctl.run({"vf", "bind", "--vf", "0000:3b:02.0"}, true), cli::kExitError);
  EXPECT_NE(nfvctl.json_out()["error"].get<std::string>().find("IOMMU group 40 is not viable"),
            std::string::npos);
  EXPECT_EQ(nfvctl.run({"vf", "create", "--pf", "3b:00", "--count", "1"}), cli::kExitUsage);
  EXPECT_EQ(nfvctl.err(),
            "nfvctl: --pf: PCI address '3b:00': missing '.function' (e.g. 0000:3b:02.0)\n");
  EXPECT_EQ(nfvctl.run({"vf", "bind", "--owner", "vm1"}), cli::kExitUsage);
  EXPECT_EQ(nfvctl.err(), "nfvctl: give either --vf BDF or --node N\n");
  EXPECT_EQ(nfvctl.run({"vf", "create", "--pf", "0000:3b:00.0"}), cli::kExitUsage);
  EXPECT_NE(nfvctl.err().find("the option '--count' is required"), std::string::npos);
  EXPECT_EQ(nfvctl.run({"vf", "release", "--vf", "0000:3b:02.0"}), cli::kExitError);
  EXPECT_NE(nfvctl.err().find("is not allocated by nfv-appliance"), std::string::npos);
}

TEST(NfvctlSriov, BindFromThePoolWithSettings) {
  Nfvctl nfvctl;
  ASSERT_EQ(
      nfvctl.run({"vf", "create", "--pf", "0000:af:00.0", "--count", "2", "--autoprobe", "0"}),
      cli::kExitOk);
  nfvctl.host.netlink.add_link("enp175s0f0", 9, 2);
  ASSERT_EQ(
      nfvctl.run({"vf", "bind", "--node", "1", "--owner", "vm7", "--mac", "52:54:00:00:07:01",
                  "--vlan", "300", "--trust", "on", "--min-rate", "100", "--max-rate", "5000"},
                 true),
      cli::kExitOk)
      << nfvctl.out() << nfvctl.err();
  EXPECT_EQ(nfvctl.json_out()["bdf"], "0000:af:00.2");
  const VfState& vf0 = nfvctl.host.netlink.link("enp175s0f0").vfs[0];
  EXPECT_EQ(format_mac(vf0.mac), "52:54:00:00:07:01");
  EXPECT_EQ(vf0.vlan.id, 300);
  EXPECT_EQ(vf0.trust, true);
  EXPECT_EQ(vf0.rate, (VfRate{100, 5000}));
  // Node 0 has no VFs: a warning and exit code 3, not a silent cross-node placement.
  ASSERT_EQ(nfvctl.run({"vf", "bind", "--node", "0", "--owner", "vm8"}), cli::kExitWarnings);
  EXPECT_NE(nfvctl.out().find("warning: no free VF on node 0; took one on node 1"),
            std::string::npos);
}

TEST(NfvctlSriov, SetMergesAHalfRateWithTheCurrentOne) {
  Nfvctl nfvctl;
  ASSERT_EQ(nfvctl.run({"vf", "create", "--pf", "0000:3b:00.0", "--count", "1"}), cli::kExitOk);
  auto& link = nfvctl.host.netlink.add_link("enp59s0f0", 4, 1);
  link.vfs[0].rate = VfRate{200, 0};
  ASSERT_EQ(nfvctl.run({"vf", "set", "--vf", "0000:3b:02.0", "--max-rate", "900", "--spoofchk",
                        "off", "--link-state", "disable"}),
            cli::kExitOk)
      << nfvctl.err();
  EXPECT_EQ(nfvctl.out().substr(nfvctl.out().find("0000:3b:02.0 (VF 0)")),
            "0000:3b:02.0 (VF 0): mac 00:00:00:00:00:00, vlan 0 qos 0, spoofchk off, trust off, "
            "link-state disable, rate 200-900 Mbit/s\n");
  EXPECT_EQ(nfvctl.run({"vf", "set", "--vf", "0000:3b:02.0", "--spoofchk", "maybe"}),
            cli::kExitUsage);
  EXPECT_EQ(nfvctl.err(), "nfvctl: --spoofchk takes on or off, not 'maybe'\n");
}

TEST(NfvctlSriov, StaleRecordsWarnAndAdoptDropsThem) {
  Nfvctl nfvctl;
  ASSERT_EQ(
      nfvctl.run({"vf", "create", "--pf", "0000:3b:00.0", "--count", "1", "--autoprobe", "0"}),
      cli::kExitOk);
  ASSERT_EQ(nfvctl.run({"vf", "bind", "--vf", "0000:3b:02.0", "--owner", "vm1"}), cli::kExitOk);
  // Someone hands the VF back by hand.
  nfvctl.host.echo("bus/pci/drivers/vfio-pci/unbind", "0000:3b:02.0");
  ASSERT_EQ(nfvctl.run({"vfs"}), cli::kExitWarnings);
  EXPECT_NE(nfvctl.out().find("\nwarning: stale allocation of 0000:3b:02.0 for vm1: device "
                              "0000:3b:02.0 is on no driver, not vfio-pci: it was handed "
                              "back outside nfv-appliance (`nfvctl vf adopt` drops it)\n"),
            std::string::npos)
      << nfvctl.out();
  ASSERT_EQ(nfvctl.run({"vf", "adopt"}), cli::kExitOk);
  EXPECT_NE(nfvctl.out().find("0 allocations adopted, 1 stale records dropped\n"),
            std::string::npos);
  EXPECT_EQ(nfvctl.run({"vfs"}), cli::kExitOk);
}

TEST(NfvctlSriov, EveryCommandHasHelp) {
  Nfvctl nfvctl;
  for (std::vector<std::string> command : {std::vector<std::string>{"vfs"},
                                           {"vf", "create"},
                                           {"vf", "bind"},
                                           {"vf", "release"},
                                           {"vf", "set"},
                                           {"vf", "adopt"}}) {
    command.push_back("--help");
    EXPECT_EQ(nfvctl.run(command), cli::kExitOk);
    EXPECT_NE(nfvctl.out().find("--sysfs arg (=/sys)"), std::string::npos);
    EXPECT_NE(nfvctl.out().find("--dev arg (=/dev)"), std::string::npos);
  }
}

}  // namespace
}  // namespace nfv::sriov::testing
