// An AI guest end to end through nfvd on the sysfs double of a recorded machine: the plan on
// the recording pairs each GPU with a VF of its closest NIC, the apply creates the VFs on the
// double, binds them to vfio-pci and gives them RDMA GUIDs over the rtnetlink double, and the
// guest's domain (GPU and VF side by side behind a virtual PCIe switch) is defined in the
// machine's real libvirtd, which accepts it. It is not started: the devices do not exist here.
// The domain XML and the NCCL topology file (guest addresses) are golden files.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "ai_profiles.h"
#include "fixtures.h"
#include "healthy_host.h"
#include "host_fixture.h"
#include "libvirt_test_env.h"
#include "nfv/guests/guest_domain.h"
#include "nfv/guests/nccl_topology.h"
#include "nfv/nfvd/service.h"
#include "nfv/testing/log_files.h"
#include "sriov_service_fixture.h"

namespace nfv::nfvd {
namespace {

using ::testing::HasSubstr;

// golden/<stem>: compared, or written with NFV_UPDATE_GOLDEN=1 (then review the diff). What
// changes from run to run (the test's domain name, its temporary directory) is replaced by
// names ("@GUEST@", "@SCRATCH@").
void expect_golden(const std::string& stem, std::string current,
                   const std::vector<std::pair<std::string, std::string>>& names) {
  for (const auto& [text, name] : names) {
    for (size_t at = current.find(text); at != std::string::npos; at = current.find(text, at)) {
      current.replace(at, text.size(), name);
    }
  }
  std::string path = std::string(NFV_AI_GOLDEN_DIR) + "/" + stem;
  if (std::getenv("NFV_UPDATE_GOLDEN") != nullptr) std::ofstream(path) << current;
  EXPECT_EQ(nfv::testing::file_text(path), current)
      << path << " changed; if intended, regenerate with NFV_UPDATE_GOLDEN=1 and review the diff";
}

// Adds what `from` has and `into` lacks (files, symlinks as they are, directories).
void merge_tree(const std::filesystem::path& from, const std::filesystem::path& into) {
  namespace fs = std::filesystem;
  if (!fs::exists(from)) return;
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator();
       ++it) {
    fs::path target = into / fs::relative(it->path(), from);
    if (fs::exists(fs::symlink_status(target))) continue;
    fs::create_directories(target.parent_path());
    if (it->is_symlink()) {
      fs::create_symlink(fs::read_symlink(it->path()), target);
    } else if (it->is_directory()) {
      fs::create_directories(target);
    } else {
      fs::copy_file(it->path(), target);
    }
  }
}

// A guest manager that defines the domain nfvd asks for in the real libvirtd and does not
// start it (passed-through devices that do not exist would stop QEMU), with the NCCL file
// written as the libvirt manager writes it. Under TCG: this machine has no KVM, and libvirt
// refuses to define a kvm domain where it cannot run one.
class DefineOnlyGuests : public guests::GuestManager {
 public:
  DefineOnlyGuests(std::string files_dir, std::string sysfs_root)
      : files_dir_(std::move(files_dir)), sysfs_root_(std::move(sysfs_root)) {}

  Result<reconcile::GuestStates> list() override { return defined_; }
  Status create(const reconcile::GuestState& guest) override {
    guests::DomainSpec spec =
        guests::domain_spec_of(guest, {guests::Accelerator::kTcg, files_dir_});
    NFV_TRY(guests::check_domain_spec(spec));
    NFV_TRY(guests::write_nccl_topology(spec, sysfs_root_));
    xml = guests::domain_xml(spec);
    NFV_TRY(libvirt.define(xml, /*start=*/false));
    defined_[guest.name] = guest;
    nccl_file = spec.nccl_topology_file;
    return {};
  }
  Status change(const reconcile::GuestState&, const reconcile::GuestState& to) override {
    return create(to);
  }
  Status remove(const std::string& name) override {
    defined_.erase(name);
    return {};
  }

  guests::testing::TestConnection libvirt;
  std::string xml;        // the domain XML defined last
  std::string nccl_file;  // and its NCCL topology file

 private:
  std::string files_dir_;
  std::string sysfs_root_;
  reconcile::GuestStates defined_;
};

class AiGuest : public ::testing::TestWithParam<testing::AiProfile> {
 protected:
  void SetUp() override {
    const testing::AiProfile& profile = GetParam();
    host_.emplace(profile.sysfs_profile);  // its rtnetlink double knows the PFs' links
    answer_as_an_empty_switch(switch_);
    ASSERT_NO_FATAL_FAILURE(switch_.start(scratch("switch.sock")));
    std::ofstream(scratch("vmlinuz")) << "a kernel";
    guests_ = std::make_shared<DefineOnlyGuests>(scratch("guests"), host_->sys.root().string());
    std::filesystem::create_directories(scratch("guests"));
  }
  void TearDown() override {
    if (guests_) guests_->libvirt.remove_test_domains();
  }

  std::string scratch(const std::string& name) { return (host_->sys.scratch() / name).string(); }

  Service open_service() {
    ServiceOptions o;
    o.state_dir = scratch("nfvd");
    o.switch_socket = scratch("switch.sock");
    o.sysfs_root = host_->sys.root().string();
    o.vf_allocations = host_->state_path().string();
    o.vfio = std::shared_ptr<sriov::VfioGroups>(std::shared_ptr<void>(), &host_->vfio);
    o.netlink = std::shared_ptr<sriov::NetlinkTransport>(std::shared_ptr<void>(), &host_->netlink);
    o.guests = guests_;
    // The pre-flight reads the double, with the healthy host's CPUs, hugepages and IOMMU
    // merged into it.
    for (const char* part : {"devices/system", "kernel/mm", "module"}) {
      merge_tree(healthy_.sysfs.root() / part, host_->sys.backing() / part);
    }
    preflight::HostRoots roots{host_->sys.root().string(), healthy_.roots().procfs};
    HostCheckOptions check{roots, topology::testing::fixture_path(GetParam().recording), "", true};
    auto service = Service::open(std::move(o), check);
    EXPECT_TRUE(service) << service.error().message;
    return std::move(service).value();
  }

  std::string config(const std::string& guest) {
    const testing::AiProfile& profile = GetParam();
    std::string text = fmt::format(R"(
guests:
  - name: {}
    role: ai
    vcpus: 1
    memory_mb: 2048
    gpus: {}
    nic_per_gpu: true
    boot: {{kernel: {}}}
sriov:
)",
                                   guest, profile.gpus, scratch("vmlinuz"));
    for (const auto& nic : profile.nics) text += fmt::format("  - {{pf: {}, vfs: 4}}\n", nic);
    text += fmt::format("policy: {{cross_numa: {}, assumed_vfs_per_pf: 4}}\n", profile.cross_numa);
    return text;
  }

  std::optional<sriov::testing::HostFixture> host_;
  preflight::testing::HealthyHost healthy_;
  nfv::testing::FakeRpcServer switch_{"nfv-switch"};
  std::shared_ptr<DefineOnlyGuests> guests_;
};

TEST_P(AiGuest, PlanVfsBindingsDomainAndNcclFileEndToEnd) {
  const testing::AiProfile& profile = GetParam();
  std::string guest = guests::testing::test_domain_name("ai");
  Service service = open_service();
  auto applied = service.apply({config(guest), "/etc/nfv/ai.yaml"});
  ASSERT_TRUE(applied) << applied.error().message;

  // The plan: each GPU with a VF of the NIC the recording puts closest to it.
  auto desired = guests_->list();
  ASSERT_TRUE(desired);
  const reconcile::GuestState& state = desired->at(guest);
  ASSERT_EQ(state.gpus.size(), profile.gpus);
  for (const auto& gpu : state.gpus) {
    EXPECT_EQ(gpu.pcie_class, profile.expected_class) << gpu.gpu;
    EXPECT_FALSE(gpu.nic_vf.empty()) << gpu.gpu;
    // The VF exists on the double, bound to vfio-pci, with the GUIDs nfvd derived.
    auto address = sriov::PciAddress::parse(gpu.nic_vf);
    ASSERT_TRUE(address) << gpu.nic_vf;
    EXPECT_EQ(host_->driver_of(*address), "vfio-pci") << gpu.nic_vf;
  }
  size_t guids = 0;
  for (const auto& nic : profile.nics) {
    for (const auto& vf : host_->netlink.link(nic).vfs) {
      if (!vf.node_guid) continue;
      ++guids;
      EXPECT_EQ(*vf.node_guid >> 56, 0x02u) << nic << " vf" << vf.index;  // locally administered
      EXPECT_TRUE(vf.port_guid.has_value());
      EXPECT_NE(vf.port_guid, vf.node_guid);
    }
  }
  EXPECT_EQ(guids, profile.infiniband ? profile.gpus : 0u);

  // libvirt accepted the domain: it reads it back with a hostdev per GPU and VF, at the guest
  // addresses the layout chose.
  ASSERT_TRUE(guests_->libvirt.exists(guest));
  std::string defined = guests_->libvirt.xml_of(guest);
  EXPECT_THAT(defined, HasSubstr("machine='pc-q35"));
  bool switches = std::string(profile.expected_class) == "PIX";
  EXPECT_EQ(defined.find("model='pcie-switch-upstream-port'") != std::string::npos, switches);
  EXPECT_THAT(defined, HasSubstr("<entry name='opt/dev.nfv-appliance/nccl-topo.xml' file='"));
  size_t hostdevs = 0;
  for (size_t at = defined.find("<hostdev "); at != std::string::npos;
       at = defined.find("<hostdev ", at + 1)) {
    ++hostdevs;
  }
  EXPECT_EQ(hostdevs, profile.gpus + profile.distinct_vfs);

  std::vector<std::pair<std::string, std::string>> names{{guest, "@GUEST@"},
                                                         {scratch(""), "@SCRATCH@/"}};
  expect_golden(std::string(profile.name) + "-domain.xml", guests_->xml, names);
  std::string nccl = nfv::testing::file_text(guests_->nccl_file);
  expect_golden(std::string(profile.name) + "-nccl-topo.xml", nccl, names);
  // nfvctl guests: each GPU and its VF on the host and in the guest, and the NCCL file.
  auto views = service.guests();
  ASSERT_TRUE(views) << views.error().message;
  ASSERT_EQ(views->guests.size(), 1u);
  const api::NfvdGuest& view = views->guests[0];
  ASSERT_EQ(view.gpus.size(), profile.gpus);
  EXPECT_EQ(view.gpus[0].gpu, state.gpus[0].gpu);
  EXPECT_EQ(view.gpus[0].guest_gpu, profile.first_guest_gpu);
  EXPECT_EQ(view.gpus[0].nic_vf, state.gpus[0].nic_vf);
  EXPECT_EQ(view.gpus[0].guest_nic, profile.first_guest_nic);
  EXPECT_EQ(view.gpus[0].pcie_class, profile.expected_class);
  EXPECT_EQ(view.nccl_topology, scratch("nfvd") + "/guests/" + guest + ".nccl-topo.xml");
  // The NCCL file speaks of guest addresses only.
  for (const auto& gpu : state.gpus) {
    EXPECT_EQ(nccl.find(gpu.gpu), std::string::npos) << gpu.gpu;
    EXPECT_EQ(nccl.find(gpu.nic_vf), std::string::npos) << gpu.nic_vf;
  }
}

INSTANTIATE_TEST_SUITE_P(Recordings, AiGuest, ::testing::ValuesIn(testing::ai_profiles()),
                         [](const auto& param_info) {
                           std::string name = param_info.param.name;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

// The recorded DGX-2 with ACS off on the downstream port above NIC ib0 (0000:33:08.0): the VFs
// of ib0 would share the IOMMU group of their PF, which stays on mlx5_core. The pre-flight says
// so before anything is touched, naming the port and the fix; nothing is created or defined.
class AiGuestPreflight : public AiGuest {};

TEST_P(AiGuestPreflight, AnAcsGapInTheDoubleIsFoundBeforeAnythingIsTouched) {
  std::string guest = guests::testing::test_domain_name("ai-acs");
  Service service = open_service();
  auto applied = service.apply({config(guest), "/etc/nfv/ai.yaml"});
  ASSERT_FALSE(applied) << "the apply went ahead";
  const std::string& message = applied.error().message;
  EXPECT_THAT(message, HasSubstr("the VF of NIC 0000:35:00.0 that the apply creates would join "
                                 "IOMMU group"));
  EXPECT_THAT(message, HasSubstr("0000:35:00.0 is its PF, bound to the host driver mlx5_core"));
  EXPECT_THAT(
      message,
      HasSubstr("the likely cause: switch downstream port 0000:33:08.0 has ACS control none"));
  EXPECT_THAT(message, HasSubstr("enable ACS (\"PCIe ACS\") in the firmware setup"));
  // Nothing changed: no VF on any PF, no domain.
  for (const char* pf : {"0000:35:00.0", "0000:3a:00.0"}) {
    auto address = sriov::PciAddress::parse(pf);
    auto numvfs = host_->sysfs.read(host::device_attr(*address, "sriov_numvfs"));
    ASSERT_TRUE(numvfs) << pf;
    EXPECT_EQ(*numvfs, "0") << pf;
  }
  EXPECT_FALSE(guests_->libvirt.exists(guest));
}

INSTANTIATE_TEST_SUITE_P(Recordings, AiGuestPreflight,
                         ::testing::Values(testing::AiProfile{
                             "dgx2-acs-off",
                             "dgx2-acs-off",
                             "nvidiaDGX2-with-nics.xml",
                             {"ib0", "ib1", "ib2", "ib3", "ib4", "ib5", "ib6", "ib7"},
                             8,
                             8,
                             "PIX",
                             true,
                             "forbid",
                             "",
                             ""}),
                         [](const auto&) { return std::string("dgx2_acs_off"); });

}  // namespace
}  // namespace nfv::nfvd
