// The rtnetlink double learns its links from a fake sysfs tree: the PF netdevs of a profile.
#include <set>

#include "fake_rtnetlink.h"
#include "fake_tree_io.h"

namespace nfv::sriov::testing {

namespace fs = std::filesystem;

namespace {

constexpr const char* kInfinibandType = "32";  // ARPHRD_INFINIBAND in net/<ifname>/type

}  // namespace

std::map<std::string, std::string> FakeRtnetlink::add_links_of(const fs::path& sysfs_root) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(sysfs_root / "class/net")) {
    if (fs::exists(entry.path() / "device/sriov_totalvfs")) {
      names.insert(entry.path().filename().string());
    }
  }
  std::map<std::string, std::string> pf_ifnames;
  int ifindex = 2;  // 1 is lo
  for (const std::string& name : names) {
    fs::path netdev = sysfs_root / "class/net" / name;
    auto count = static_cast<unsigned>(std::stoul(read_trimmed(netdev / "device/sriov_numvfs")));
    FakeLink& added = add_link(name, ifindex++, count);
    added.infiniband = read_trimmed(netdev / "type") == kInfinibandType;
    added.reports_guids = added.infiniband;
    pf_ifnames[fs::canonical(netdev / "device").filename().string()] = name;
  }
  return pf_ifnames;
}

}  // namespace nfv::sriov::testing
