// nfvctl's text of nfvd.guests for an AI guest: each GPU and its NIC VF on the host and in the
// guest with the host's PCIe class, and where the guest reads its NCCL topology.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "nfvd/views.h"

namespace nfv::nfvctl {
namespace {

using ::testing::HasSubstr;

TEST(GuestView, AnAiGuestShowsItsGpusInTheGuestAndTheNcclFile) {
  api::NfvdGuestList list;
  list.manager = "libvirt qemu:///system";
  api::NfvdGuest guest;
  guest.name = "trainer-0";
  guest.desired = guest.defined = true;
  guest.run_state = "running";
  guest.sync = "in sync";
  guest.gpus = {{"0000:34:00.0", "0000:03:00.0", "0000:35:00.2", "0000:04:00.0", "PIX"},
                {"0000:e0:00.0", "0000:07:00.0", "", "", ""}};
  guest.nccl_topology = "/var/lib/nfvd/guests/trainer-0.nccl-topo.xml";
  list.guests.push_back(guest);
  std::ostringstream out;
  render_guests(out, list);
  std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("trainer-0 gpu 0000:34:00.0 (guest 0000:03:00.0) with nic vf "
                              "0000:35:00.2 (guest 0000:04:00.0), PIX on the host\n"));
  EXPECT_THAT(text, HasSubstr("trainer-0 gpu 0000:e0:00.0 (guest 0000:07:00.0)\n"));
  EXPECT_THAT(text,
              HasSubstr("trainer-0 NCCL topology: /var/lib/nfvd/guests/trainer-0.nccl-topo.xml "
                        "(in the guest: NCCL_TOPO_FILE=/sys/firmware/qemu_fw_cfg/by_name/"
                        "opt/dev.nfv-appliance/nccl-topo.xml/raw)\n"));
}

}  // namespace
}  // namespace nfv::nfvctl
