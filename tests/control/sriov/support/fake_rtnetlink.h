// rtnetlink without SR-IOV hardware: a PF driver's VF table behind the NetlinkTransport
// interface. It parses RTM_SETLINK like the kernel's do_setlink/do_setvfinfo (order, early
// return after a GUID, errors) and answers RTM_GETLINK in the layout of rtnl_fill_vfinfo,
// per-VF statistics included unless the request skips them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "nfv/sriov/netlink_transport.h"
#include "nfv/sriov/vf_netlink.h"

namespace nfv::sriov::testing {

struct FakeLink {
  std::string ifname;
  int ifindex = 0;
  bool infiniband = false;     // GUIDs can be set only on InfiniBand links
  bool reports_guids = false;  // the driver implements ndo_get_vf_guid
  // VfState::stats are the driver's per-VF counters (unset: a driver without
  // ndo_get_vf_stats, reported as zeros). They are sent as IFLA_VF_STATS unless the request
  // says RTEXT_FILTER_SKIP_STATS; a kernel from before the drop counters omits those two.
  bool stats_without_dropped = false;
  std::vector<VfState> vfs;
};

class FakeRtnetlink : public NetlinkTransport {
 public:
  FakeLink& add_link(const std::string& ifname, int ifindex, unsigned num_vfs);
  FakeLink& link(const std::string& ifname);
  // The netdevs of a fake sysfs tree's SR-IOV PFs (class/net/X whose device has
  // sriov_totalvfs), ifindex from 2 up in name order, with as many VFs as sriov_numvfs says.
  // InfiniBand links (type 32: ib0...) take and report VF GUIDs. Returns PF address -> ifname.
  std::map<std::string, std::string> add_links_of(const std::filesystem::path& sysfs_root);
  // The PF driver's VF table after its VF count changed (VFs removed: count 0).
  void set_vf_count(const std::string& ifname, unsigned count);

  // Answers the `nth` request from now (1 = the next) with `error` and the extended-ack text.
  void fail_request(unsigned nth, int error, std::string message = "");
  // A driver that ACKs this IFLA_VF_* attribute but does not apply it.
  void ignore_attribute(uint16_t type) { ignored_.insert(type); }
  // A driver whose ndo for this IFLA_VF_* attribute fails with `error` (EOPNOTSUPP: no such ndo).
  // As in do_setvfinfo, the attributes before it in the same IFLA_VF_INFO stay applied and the
  // ones after it are not looked at.
  void refuse_attribute(uint16_t type, int error) { refused_[type] = error; }

  Result<std::vector<uint8_t>> exchange(std::span<const uint8_t> request) override;

  std::vector<std::vector<uint8_t>> requests;

 private:
  int set_vf_info(FakeLink& link, std::span<const uint8_t> info);
  std::vector<FakeLink> links_;
  std::set<uint16_t> ignored_;
  std::map<uint16_t, int> refused_;
  size_t planned_request_ = 0;
  int planned_error_ = 0;
  std::string planned_message_;
};

}  // namespace nfv::sriov::testing
