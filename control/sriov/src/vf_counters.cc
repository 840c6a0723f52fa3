#include "nfv/sriov/vf_counters.h"

namespace nfv::sriov {

Result<std::vector<VfState>> read_vf_counters(NetlinkTransport& transport,
                                              const std::string& pf_ifname) {
  auto reply = transport.exchange(
      build_get_vfs_request(transport.next_seq(), pf_ifname, VfStatsRequest::kInclude));
  if (!reply) return std::move(reply).error();
  auto link = parse_get_vfs_reply(*reply, pf_ifname);
  if (!link) return std::move(link).error();
  return std::move(link->vfs);
}

}  // namespace nfv::sriov
