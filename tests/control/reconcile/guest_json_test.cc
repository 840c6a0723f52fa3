// A guest's desired state as the JSON its domain's metadata records: the round trip is exact,
// and text that comes back wrong (it is read from libvirt) is an error naming the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nfv/reconcile/guest_state.h"

namespace nfv::reconcile {
namespace {

using ::testing::HasSubstr;

GuestState full_guest() {
  GuestState guest;
  guest.name = "vm1";
  guest.vcpus = 2;
  guest.memory_mb = 2048;
  guest.hugepage_size = 1ULL << 30;
  guest.numa = 1;
  guest.boot = {"/img/vmlinuz", "/img/initrd.img", "console=ttyS0 nfv.ip=10.0.0.1/24", ""};
  guest.vcpus_pinned = true;
  guest.vcpu_cpus = {4, 5};
  guest.emulator_cpus = {0};
  guest.gpus = {{"0000:3b:00.0", "", "", ""},
                {"0000:34:00.0", "0000:35:00.2", "PIX", "0000:33:00.0"}};
  GuestInterface vhost;
  vhost.name = "vm1-0";
  vhost.mac = "52:54:00:00:00:01";
  vhost.socket = "/run/nfv/vm1-0.sock";
  vhost.guest_serves_socket = false;
  vhost.queues = 2;
  vhost.ring_size = 512;
  GuestInterface vf;
  vf.type = GuestInterface::Type::kVf;
  vf.name = "0000:3b:00.0";
  vf.vlan = 100;
  vf.vf_bdf = "0000:3b:02.1";
  guest.interfaces = {vhost, vf};
  return guest;
}

TEST(GuestJson, RoundTripIsExact) {
  GuestState guest = full_guest();
  auto back = guest_from_json_text(guest_to_json_text(guest));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, guest);
  GuestState memfd;
  memfd.name = "small";
  memfd.memfd = true;
  auto small = guest_from_json_text(guest_to_json_text(memfd));
  ASSERT_TRUE(small) << small.error().message;
  EXPECT_EQ(*small, memfd);
}

TEST(GuestJson, AGpuAloneIsItsAddressAndOneWithANicAnObject) {
  GuestState guest = full_guest();
  std::string text = guest_to_json_text(guest);
  EXPECT_THAT(text, HasSubstr(R"("gpus":["0000:3b:00.0",{"gpu":"0000:34:00.0")"));
  EXPECT_THAT(text, HasSubstr(R"("nic_vf":"0000:35:00.2","pcie_class":"PIX")"));
  // What a domain of an earlier version recorded still reads.
  auto old = guest_from_json_text(R"({"name":"a","gpus":["0000:af:00.0"]})");
  ASSERT_TRUE(old) << old.error().message;
  EXPECT_EQ(old->gpus, (std::vector<GuestGpu>{{"0000:af:00.0", "", "", ""}}));
  EXPECT_EQ(gpu_text(guest.gpus[1]), "0000:34:00.0+0000:35:00.2 (PIX)");
}

TEST(GuestJson, WrongTextNamesTheField) {
  auto error = [](const std::string& text) {
    auto parsed = guest_from_json_text(text);
    EXPECT_FALSE(parsed) << text;
    return parsed ? std::string() : parsed.error().message;
  };
  EXPECT_EQ(error("{not json"), "guest: not JSON");
  EXPECT_EQ(error("[1]"), "guest: not a JSON object");
  EXPECT_EQ(error("{}"), "guest.name: missing");
  EXPECT_EQ(error(R"({"name":"a","vcpus":-1})"), "guest.vcpus: wrong type");
  EXPECT_EQ(error(R"({"name":"a","vcpus":4294967296})"), "guest.vcpus: wrong type");
  EXPECT_EQ(error(R"({"name":"a","vcpu_cpus":[1,"x"]})"), "guest.vcpu_cpus: wrong type");
  EXPECT_EQ(error(R"({"name":"a","interfaces":{}})"), "guest.interfaces: not a list");
  EXPECT_EQ(error(R"({"name":"a","interfaces":[{"type":"tap"}]})"),
            "guest.interfaces[0].type: vhost or vf");
  EXPECT_THAT(error(R"({"name":"a","boot":{"kernel":7}})"), HasSubstr("guest.boot.kernel"));
  EXPECT_EQ(error(R"({"name":"a","gpus":"x"})"), "guest.gpus: not a list");
  EXPECT_EQ(error(R"({"name":"a","gpus":[7]})"), "guest.gpus[0]: neither an address nor an object");
  EXPECT_EQ(error(R"({"name":"a","gpus":[{"gpu":"x","nic_vf":1}]})"),
            "guest.gpus[0].nic_vf: wrong type");
}

TEST(GuestJson, ChangesAreDescribedFieldByField) {
  GuestState from = full_guest();
  GuestState to = from;
  to.memfd = true;
  to.boot.cmdline = "console=ttyS0";
  to.vcpu_cpus = {6, 7};
  EXPECT_EQ(describe_guest_change(to, from),
            "memory hugepages -> memfd, boot kernel /img/vmlinuz 'console=ttyS0 "
            "nfv.ip=10.0.0.1/24' -> kernel /img/vmlinuz 'console=ttyS0', vCPU CPUs 4,5 (pinned) "
            "-> 6,7 (pinned)");
}

}  // namespace
}  // namespace nfv::reconcile
