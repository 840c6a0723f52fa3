// A restart of nfvd: it adopts the allocations its file records and sysfs confirms, drops the
// stale records, and never touches a device it does not own.
#include "nfv/sriov/adoption.h"

#include <gtest/gtest.h>

#include <fstream>

#include "host_fixture.h"
#include "nfv/sriov/pci.h"
#include "nfv/sriov/vf_address.h"

namespace nfv::sriov::testing {
namespace {

PciAddress vf(unsigned index) { return *vf_address(kX710, 16, 1, index); }

TEST(Adoption, RestartAdoptsWhatItOwnsAndReleasesNothingElse) {
  HostFixture host;
  {
    VfManager first_run = host.manager();
    ASSERT_TRUE(first_run.create_vfs({kX710, 4, false}));
    ASSERT_TRUE(first_run.bind({vf(0), "vm1", Purpose::kGuest, {}}));
    ASSERT_TRUE(first_run.bind({vf(1), "uplink-vf", Purpose::kSwitchPort, {}}));
  }
  // While nfvd was down: another tool put VF 2 on vfio-pci; the operator handed VF 3 back by
  // hand; and the file still lists a VF of a configuration long gone.
  host.echo("bus/pci/devices/0000:3b:02.2/driver_override", "vfio-pci");
  host.echo("bus/pci/drivers_probe", "0000:3b:02.2");
  AllocationStore store(host.state_path());
  auto records = *store.load();
  Allocation by_hand{vf(3), "vm-old", Purpose::kGuest, kX710, 3, "", 3, 0, "8086:154c"};
  Allocation gone{vf(7), "vm-gone", Purpose::kGuest, kX710, 7, "", 7, 0, "8086:154c"};
  records.push_back(by_hand);
  records.push_back(gone);
  ASSERT_TRUE(store.save(records));

  size_t start = host.sys.kernel().write_count();
  auto tree = host.sys.snapshot();
  std::vector<std::string> progress;
  VfManager restarted = host.manager([&](const std::string& line) { progress.push_back(line); });
  auto report = restarted.adopt();
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->adopted.size(), 2u);
  EXPECT_EQ(report->adopted[0].owner, "vm1");
  EXPECT_EQ(report->adopted[1].owner, "uplink-vf");
  EXPECT_EQ(report->adopted[1].purpose, Purpose::kSwitchPort);
  ASSERT_EQ(report->dropped.size(), 2u);
  EXPECT_EQ(report->dropped[0].reason,
            "device 0000:3b:02.3 is on no driver, not vfio-pci: it was handed back outside "
            "nfv-appliance");
  EXPECT_EQ(report->dropped[1].reason,
            "device 0000:3b:02.7 no longer exists (its PF's VFs were removed or the device was "
            "unplugged)");
  EXPECT_EQ(progress.back(),
            "dropped the record of 0000:3b:02.7 for vm-gone (guest): device 0000:3b:02.7 no "
            "longer exists (its PF's VFs were removed or the device was unplugged)");
  // Adoption reads only.
  EXPECT_EQ(host.sys.kernel().write_count(), start);
  EXPECT_EQ(snapshot_diff(tree, host.sys.snapshot()), "");
  EXPECT_EQ(*store.load(), report->adopted);

  // It refuses the foreign VF and frees its own.
  EXPECT_FALSE(restarted.release(vf(2)));
  ASSERT_TRUE(restarted.release(vf(0)));
  ASSERT_TRUE(restarted.release(vf(1)));
  for (const std::string& line : host.writes(start)) {
    EXPECT_EQ(line.find("0000:3b:02.2"), std::string::npos) << line;
    EXPECT_EQ(line.find("0000:3b:02.3"), std::string::npos) << line;
  }
  EXPECT_EQ(read_pci_device(host.sysfs, vf(2))->driver, "vfio-pci");
  EXPECT_TRUE(store.load()->empty());
}

TEST(Adoption, DuplicatesAndMovedVfsAreDropped) {
  HostFixture host;
  host.echo("bus/pci/devices/0000:3b:00.0/sriov_drivers_autoprobe", "0");
  host.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "1");
  host.echo("bus/pci/devices/0000:3b:02.0/driver_override", "vfio-pci");
  host.echo("bus/pci/drivers_probe", "0000:3b:02.0");
  Allocation a{vf(0), "vm1", Purpose::kGuest, kX710, 0, "", 0, 0, "8086:154c"};
  Allocation twice = a;
  twice.owner = "vm2";
  Allocation elsewhere = a;
  elsewhere.pf = *PciAddress::parse("0000:af:00.0");
  auto report = reconcile_allocations(host.sysfs, {a, twice});
  ASSERT_EQ(report.adopted.size(), 1u);
  EXPECT_EQ(report.adopted[0].owner, "vm1");
  ASSERT_EQ(report.dropped.size(), 1u);
  EXPECT_EQ(report.dropped[0].reason,
            "device 0000:3b:02.0 is recorded twice; kept the first record");
  report = reconcile_allocations(host.sysfs, {elsewhere});
  ASSERT_EQ(report.dropped.size(), 1u);
  EXPECT_EQ(report.dropped[0].reason, "device 0000:3b:02.0 is no longer a VF of PF 0000:af:00.0");
}

TEST(Adoption, ACorruptFileIsReportedAndLeftAlone) {
  HostFixture host;
  std::filesystem::create_directories(host.state_path().parent_path());
  std::ofstream(host.state_path()) << "{\"version\": 1, \"allocations\": [";
  VfManager manager = host.manager();
  auto report = manager.adopt();
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().message,
            "allocation file " + host.state_path().string() +
                " is not valid JSON; fix it or move it aside (nothing was changed)");
  std::ifstream in(host.state_path());
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "{\"version\": 1, \"allocations\": [");
}

}  // namespace
}  // namespace nfv::sriov::testing
