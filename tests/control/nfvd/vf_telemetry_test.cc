// A guest on an SR-IOV VF bypasses the switch: nfvd samples its VF's counters over rtnetlink
// (on the sysfs and rtnetlink doubles here), names the port after the VF's PF and index, labels
// it with the guest, and exports it like a switch port.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "host_fixture.h"
#include "nfv/nfvd/switch_telemetry_source.h"
#include "nfv/telemetry/derive.h"
#include "nfv/telemetry/prometheus.h"

namespace nfv::nfvd {
namespace {

using sriov::testing::HostFixture;
using ::testing::HasSubstr;

class VfTelemetry : public ::testing::Test {
 protected:
  void SetUp() override {
    host_.netlink.add_link("enp59s0f0", 7, 2);
    host_.echo("bus/pci/devices/0000:3b:00.0/sriov_numvfs", "2");
    reconcile::GuestState guest;
    guest.name = "ai0";
    reconcile::GuestInterface vf;
    vf.type = reconcile::GuestInterface::Type::kVf;
    vf.name = "enp59s0f0";
    vf.vf_bdf = "0000:3b:02.1";
    guest.interfaces = {vf};
    guests_->set({{"ai0", guest}});
    options_.switch_socket = (host_.sys.scratch() / "no-switch.sock").string();
    options_.sysfs_root = host_.sys.root().string();
    options_.guests_running = [] { return std::map<std::string, bool>{{"ai0", true}}; };
  }

  void counters(uint64_t delivered, uint64_t sent, uint64_t no_buffer) {
    sriov::VfStats stats;
    stats.rx_packets = delivered;
    stats.rx_bytes = delivered * 1000;
    stats.tx_packets = sent;
    stats.tx_bytes = sent * 100;
    stats.rx_dropped = no_buffer;
    stats.tx_dropped = 0;
    host_.netlink.link("enp59s0f0").vfs.at(1).stats = stats;
  }

  std::shared_ptr<sriov::NetlinkTransport> netlink() {
    return {&host_.netlink, [](sriov::NetlinkTransport*) {}};  // owned by the fixture
  }

  HostFixture host_;
  TelemetryOptions options_;
  std::shared_ptr<TelemetryGuests> guests_ = std::make_shared<TelemetryGuests>();
};

TEST_F(VfTelemetry, TheGuestsVfIsSampledAndExportedWithItsGuest) {
  SwitchTelemetrySource source(options_, guests_, netlink());
  counters(1000, 400, 0);
  auto first = source.read();
  EXPECT_FALSE(first.switch_up);  // no switch here: VFs are sampled all the same
  ASSERT_EQ(first.vfs.size(), 1u);
  EXPECT_EQ(first.vfs[0].port, "0000:3b:00.0/vf1");
  EXPECT_EQ(first.vfs[0].rx_packets, 1000u);
  ASSERT_EQ(first.guests.size(), 1u);
  EXPECT_EQ(first.guests[0].vf_ports, std::vector<std::string>{"0000:3b:00.0/vf1"});

  counters(3000, 1400, 50);  // 2000 more delivered, 1000 more sent, 50 without a buffer
  auto second = source.read();
  second.time_s = first.time_s + 1;  // exactly one second later
  auto derived_first = telemetry::derive_sample(nullptr, first, nullptr);
  auto sample = telemetry::derive_sample(&first, second, &derived_first);
  ASSERT_EQ(sample.ports.size(), 1u);
  const auto& port = sample.ports[0];
  EXPECT_EQ(port.kind, "vf");
  EXPECT_EQ(port.guest, "ai0");
  EXPECT_EQ(port.rx_packets, 1400u);  // what the guest sent
  EXPECT_EQ(port.tx_packets, 3000u);  // what the VF delivered to it
  EXPECT_DOUBLE_EQ(port.rx_pps, 1000);
  EXPECT_DOUBLE_EQ(port.tx_pps, 2000);
  EXPECT_DOUBLE_EQ(port.loss_ratio, 50.0 / (1000 + 2050));
  EXPECT_EQ(port.verdict, api::kVerdictGuestNotDraining);
  EXPECT_EQ(port.lost_by_verdict.at(api::kVerdictGuestNotDraining), 50u);
  ASSERT_EQ(sample.guests.size(), 1u);
  EXPECT_TRUE(sample.guests[0].up);
  EXPECT_DOUBLE_EQ(sample.guests[0].rx_pps, 2000);

  auto page = telemetry::render_prometheus(sample, {"test"});
  EXPECT_THAT(page, HasSubstr("nfv_port_tx_packets_total{port=\"0000:3b:00.0/vf1\""));
  EXPECT_THAT(page, HasSubstr("guest=\"ai0\""));
  EXPECT_THAT(page, HasSubstr("reason=\"vf_rx_dropped\"} 50"));
}

TEST_F(VfTelemetry, AVfThatIsNoLongerThereIsLeftOut) {
  guests_->set({});
  SwitchTelemetrySource source(options_, guests_, netlink());
  counters(1, 1, 0);
  EXPECT_TRUE(source.read().vfs.empty());
  reconcile::GuestState guest;
  guest.name = "ai0";
  reconcile::GuestInterface vf;
  vf.type = reconcile::GuestInterface::Type::kVf;
  vf.vf_bdf = "0000:3b:07.7";  // not a VF of this host
  guest.interfaces = {vf};
  guests_->set({{"ai0", guest}});
  auto sample = source.read();
  EXPECT_TRUE(sample.vfs.empty());
  ASSERT_EQ(sample.guests.size(), 1u);
  EXPECT_TRUE(sample.guests[0].vf_ports.empty());
}

}  // namespace
}  // namespace nfv::nfvd
