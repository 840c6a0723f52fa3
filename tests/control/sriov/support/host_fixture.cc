#include "host_fixture.h"

#include <gtest/gtest.h>

#include "nfv/sriov/pci.h"

namespace nfv::sriov::testing {

HostFixture::HostFixture(const std::string& profile)
    : sys(profile), sysfs(sys.root()), vfio(sys.root(), &sys.kernel()) {
  if (profile == "telco" || profile == "shared-group") return;  // their tests add links
  // A recorded machine: the PF drivers' VF tables follow the VF counts sysfs is given.
  pf_ifnames = netlink.add_links_of(sys.backing());
  sys.kernel().on_vfs_created([this](const std::string& pf, unsigned count) {
    auto found = pf_ifnames.find(pf);
    if (found != pf_ifnames.end()) netlink.set_vf_count(found->second, count);
  });
  sys.kernel().on_vfs_removed([this](const std::string& pf) {
    auto found = pf_ifnames.find(pf);
    if (found != pf_ifnames.end()) netlink.set_vf_count(found->second, 0);
  });
}

VfManager HostFixture::manager(Progress progress) {
  return VfManager(sysfs, vfio, AllocationStore(state_path()), &netlink, std::move(progress));
}

void HostFixture::echo(const std::string& relative, const std::string& value) {
  Status written = sysfs.write(relative, value);
  ASSERT_TRUE(written) << written.error().message;
}

std::vector<std::string> HostFixture::writes(size_t since) {
  std::vector<std::string> lines;
  auto all = sys.kernel().writes();
  for (size_t i = since; i < all.size(); ++i) {
    std::string path = all[i].path;
    std::string shown;
    if (path.rfind("/bus/pci/drivers/", 0) == 0) {
      shown = path.substr(9);  // drivers/<name>/<file>
    } else if (path == "/bus/pci/drivers_probe") {
      shown = "drivers_probe";
    } else {
      size_t file = path.rfind('/');
      size_t device = path.rfind('/', file - 1);
      shown = path.substr(device + 1);
    }
    std::string data;
    for (char c : all[i].data) data += c == '\n' ? std::string("\\n") : std::string(1, c);
    lines.push_back(shown + " <- " + data + (all[i].error ? " (failed)" : ""));
  }
  return lines;
}

std::string HostFixture::driver_of(const PciAddress& address) {
  auto device = read_pci_device(sysfs, address);
  return device ? device->driver : "<" + device.error().message + ">";
}

}  // namespace nfv::sriov::testing
