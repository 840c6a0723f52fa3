// VF settings over rtnetlink, the messages `ip link set PF vf N ...` sends: RTM_SETLINK on the PF
// with IFLA_VFINFO_LIST > IFLA_VF_INFO > IFLA_VF_*; read back with RTM_GETLINK and
// IFLA_EXT_MASK = RTEXT_FILTER_VF.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/common/strings.h"

namespace nfv::sriov {

enum class VfLinkState : uint32_t { kAuto = 0, kEnable = 1, kDisable = 2 };  // IFLA_VF_LINK_STATE_*
std::string_view link_state_name(VfLinkState state);                         // auto/enable/disable
Result<VfLinkState> parse_link_state(std::string_view text);

inline constexpr uint16_t kVlanProto8021Q = 0x8100;
inline constexpr uint16_t kVlanProto8021AD = 0x88a8;

struct VfVlan {
  uint16_t id = 0;  // 0: no VLAN
  uint8_t qos = 0;  // 802.1p priority 0..7
  uint16_t proto = kVlanProto8021Q;
  bool operator==(const VfVlan&) const = default;
};

struct VfRate {
  uint32_t min_mbps = 0;  // 0: no guarantee
  uint32_t max_mbps = 0;  // 0: no limit
  bool operator==(const VfRate&) const = default;
};

// What to change; unset fields are left alone.
struct VfSettings {
  std::optional<MacAddress> mac;
  std::optional<VfVlan> vlan;
  std::optional<bool> spoof_check;
  std::optional<bool> trust;
  std::optional<VfLinkState> link_state;
  std::optional<VfRate> rate;
  std::optional<uint64_t> node_guid;  // RDMA VFs on InfiniBand links
  std::optional<uint64_t> port_guid;

  bool empty() const;
  std::vector<std::string> field_names() const;  // "mac", "vlan", ... for messages
};

// A VF's counters as its PF driver keeps them (IFLA_VF_STATS > IFLA_VF_STATS_*, u64 each).
// A driver without per-VF counters reports zeros.
struct VfStats {
  uint64_t rx_packets = 0, tx_packets = 0;
  uint64_t rx_bytes = 0, tx_bytes = 0;
  uint64_t broadcast = 0, multicast = 0;  // frames, as the driver counts them (mostly received)
  // Older kernels do not send the drop counters (IFLA_VF_STATS_RX_DROPPED/TX_DROPPED).
  std::optional<uint64_t> rx_dropped;
  std::optional<uint64_t> tx_dropped;
  bool operator==(const VfStats&) const = default;
};

// One VF as RTM_GETLINK reports it. Drivers that do not report a field leave it unset.
struct VfState {
  unsigned index = 0;
  MacAddress mac{};
  VfVlan vlan;
  std::optional<bool> spoof_check;
  std::optional<bool> trust;
  VfLinkState link_state = VfLinkState::kAuto;
  VfRate rate;
  std::optional<uint64_t> node_guid;
  std::optional<uint64_t> port_guid;
  // Only when the request asked for statistics (VfStatsRequest::kInclude) and the reply carried
  // a well-formed IFLA_VF_STATS; a malformed one is left unset rather than failing the VF.
  std::optional<VfStats> stats;
  bool operator==(const VfState&) const = default;
};

struct LinkVfs {
  int ifindex = 0;
  std::string ifname;
  std::optional<unsigned> num_vfs;  // IFLA_NUM_VF; absent for links without a PCI parent
  std::vector<VfState> vfs;
};

// RTM_SETLINK for VF `vf` of the link named `pf_ifname`, asking for an ACK. The GUIDs travel in
// IFLA_VF_INFO entries of their own: the kernel stops at the first GUID of an entry.
std::vector<uint8_t> build_set_vf_request(uint32_t seq, const std::string& pf_ifname, unsigned vf,
                                          const VfSettings& settings);
// Whether RTM_GETLINK asks for the VFs' counters. Without RTEXT_FILTER_SKIP_STATS the kernel
// asks the driver for each VF's counters, which costs a driver call per VF: settings reads skip
// them, the telemetry sampler includes them.
enum class VfStatsRequest { kSkip, kInclude };

// RTM_GETLINK for `pf_ifname` with the VF list, by default without per-VF statistics.
std::vector<uint8_t> build_get_vfs_request(uint32_t seq, const std::string& pf_ifname,
                                           VfStatsRequest stats = VfStatsRequest::kSkip);

// The IFLA_VF_STATS payload (its nested IFLA_VF_STATS_* attributes; pure). nullopt when it is
// malformed: an attribute overrunning it, a counter shorter than 8 bytes, or one of the six
// counters every kernel sends missing. Padding attributes (IFLA_VF_STATS_PAD) are skipped.
std::optional<VfStats> parse_vf_stats(std::span<const uint8_t> payload);

// The reply to build_get_vfs_request (an RTM_NEWLINK, or an NLMSG_ERROR).
Result<LinkVfs> parse_get_vfs_reply(std::span<const uint8_t> reply, const std::string& pf_ifname);

}  // namespace nfv::sriov
