// Applies VF settings on a PF over rtnetlink, reads them back and verifies them; records the
// previous values in the undo log so a failed operation puts them back.
#pragma once

#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/sriov/netlink_transport.h"
#include "nfv/sriov/undo_log.h"
#include "nfv/sriov/vf_netlink.h"

namespace nfv::sriov {

// Values the kernel would reject, caught before sending (VLAN id, QoS, rates).
Status validate_vf_settings(const VfSettings& settings);

// Fields whose read-back differs from what was asked ("vlan: asked 100, reads 0"). Fields the
// driver does not report are listed in `unverified` instead.
std::vector<std::string> settings_mismatches(const VfSettings& wanted, const VfState& actual,
                                             std::vector<std::string>* unverified = nullptr);

// The settings that undo `wanted` on a VF that was in state `before`.
VfSettings settings_to_restore(const VfSettings& wanted, const VfState& before);

// One RTM_SETLINK with its ACK checked; errors explained for the operator.
Status send_vf_settings(NetlinkTransport& transport, const std::string& pf_ifname, unsigned vf,
                        const VfSettings& settings);

class VfConfigurator {
 public:
  explicit VfConfigurator(NetlinkTransport& transport) : transport_(transport) {}

  Result<LinkVfs> query(const std::string& pf_ifname);
  Result<VfState> query_vf(const std::string& pf_ifname, unsigned vf);
  // Set, read back, verify. Returns the VF as the kernel reports it afterwards.
  Result<VfState> apply(const std::string& pf_ifname, unsigned vf, const VfSettings& settings,
                        UndoLog& undo, const Progress& progress = {});

 private:
  NetlinkTransport& transport_;
};

}  // namespace nfv::sriov
