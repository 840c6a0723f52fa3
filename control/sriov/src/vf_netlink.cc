#include "nfv/sriov/vf_netlink.h"

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>

#include "nfv/sriov/netlink_message.h"

namespace nfv::sriov {

using netlink::Attribute;
using netlink::MessageBuilder;

std::string_view link_state_name(VfLinkState state) {
  switch (state) {
    case VfLinkState::kAuto:
      return "auto";
    case VfLinkState::kEnable:
      return "enable";
    case VfLinkState::kDisable:
      return "disable";
  }
  return "unknown";
}

Result<VfLinkState> parse_link_state(std::string_view text) {
  if (text == "auto") return VfLinkState::kAuto;
  if (text == "enable") return VfLinkState::kEnable;
  if (text == "disable") return VfLinkState::kDisable;
  return make_error("VF link state '{}' is not one of: auto, enable, disable", text);
}

bool VfSettings::empty() const { return field_names().empty(); }

std::vector<std::string> VfSettings::field_names() const {
  std::vector<std::string> names;
  if (mac) names.push_back("mac");
  if (vlan) names.push_back("vlan");
  if (spoof_check) names.push_back("spoofchk");
  if (trust) names.push_back("trust");
  if (link_state) names.push_back("state");
  if (rate) names.push_back("rate");
  if (node_guid) names.push_back("node_guid");
  if (port_guid) names.push_back("port_guid");
  return names;
}

namespace {

void put_link_header(MessageBuilder& message, const std::string& ifname) {
  ifinfomsg header{};
  header.ifi_family = AF_UNSPEC;
  message.put_fixed(header);
  // Addressed by name (ifi_index 0): the kernel resolves IFLA_IFNAME, so no ifindex lookup.
  message.put_string(IFLA_IFNAME, ifname);
}

// The attributes of one IFLA_VF_INFO, in the order the kernel applies them.
void put_vf_settings(MessageBuilder& message, unsigned vf, const VfSettings& s) {
  if (s.mac) {
    ifla_vf_mac value{};
    value.vf = vf;
    std::memcpy(value.mac, s.mac->data(), s.mac->size());
    message.put(IFLA_VF_MAC, value);
  }
  if (s.vlan && s.vlan->proto == kVlanProto8021Q) {
    ifla_vf_vlan value{};
    value.vf = vf;
    value.vlan = s.vlan->id;
    value.qos = s.vlan->qos;
    message.put(IFLA_VF_VLAN, value);
  } else if (s.vlan) {
    // Only the list form carries the protocol (802.1ad).
    size_t list = message.begin_nest(IFLA_VF_VLAN_LIST);
    ifla_vf_vlan_info value{};
    value.vf = vf;
    value.vlan = s.vlan->id;
    value.qos = s.vlan->qos;
    value.vlan_proto = htons(s.vlan->proto);
    message.put(IFLA_VF_VLAN_INFO, value);
    message.end_nest(list);
  }
  if (s.rate) {
    ifla_vf_rate value{};
    value.vf = vf;
    value.min_tx_rate = s.rate->min_mbps;
    value.max_tx_rate = s.rate->max_mbps;
    message.put(IFLA_VF_RATE, value);
  }
  if (s.spoof_check) {
    ifla_vf_spoofchk value{};
    value.vf = vf;
    value.setting = *s.spoof_check ? 1 : 0;
    message.put(IFLA_VF_SPOOFCHK, value);
  }
  if (s.link_state) {
    ifla_vf_link_state value{};
    value.vf = vf;
    value.link_state = static_cast<uint32_t>(*s.link_state);
    message.put(IFLA_VF_LINK_STATE, value);
  }
  if (s.trust) {
    ifla_vf_trust value{};
    value.vf = vf;
    value.setting = *s.trust ? 1 : 0;
    message.put(IFLA_VF_TRUST, value);
  }
}

void put_guid(MessageBuilder& message, uint16_t type, unsigned vf, uint64_t guid) {
  size_t info = message.begin_nest(IFLA_VF_INFO);
  ifla_vf_guid value{};
  value.vf = vf;
  value.guid = guid;
  message.put(type, value);
  message.end_nest(info);
}

std::optional<bool> reported_bool(uint32_t setting) {
  // The kernel presets these to -1 and leaves them there when the driver does not report them.
  if (setting == UINT32_MAX) return std::nullopt;
  return setting != 0;
}

Result<VfState> parse_vf_info(const Attribute& info) {
  auto attributes = netlink::parse_attributes(info.payload);
  if (!attributes) return std::move(attributes).error();
  VfState vf;
  bool have_mac = false;
  for (const Attribute& attr : *attributes) {
    switch (attr.type) {
      case IFLA_VF_MAC:
        if (auto v = attr.as<ifla_vf_mac>()) {
          vf.index = v->vf;
          std::memcpy(vf.mac.data(), v->mac, vf.mac.size());
          have_mac = true;
        }
        break;
      case IFLA_VF_VLAN:
        if (auto v = attr.as<ifla_vf_vlan>()) {
          vf.vlan.id = static_cast<uint16_t>(v->vlan);
          vf.vlan.qos = static_cast<uint8_t>(v->qos);
        }
        break;
      case IFLA_VF_VLAN_LIST: {
        auto list = netlink::parse_attributes(attr.payload);
        if (!list) return std::move(list).error();
        for (const Attribute& item : *list) {
          auto v = item.as<ifla_vf_vlan_info>();
          if (item.type != IFLA_VF_VLAN_INFO || !v) continue;
          vf.vlan = VfVlan{static_cast<uint16_t>(v->vlan), static_cast<uint8_t>(v->qos),
                           ntohs(v->vlan_proto)};
          break;
        }
        break;
      }
      case IFLA_VF_RATE:
        if (auto v = attr.as<ifla_vf_rate>()) vf.rate = VfRate{v->min_tx_rate, v->max_tx_rate};
        break;
      case IFLA_VF_SPOOFCHK:
        if (auto v = attr.as<ifla_vf_spoofchk>()) vf.spoof_check = reported_bool(v->setting);
        break;
      case IFLA_VF_LINK_STATE:
        if (auto v = attr.as<ifla_vf_link_state>()) {
          vf.link_state = static_cast<VfLinkState>(v->link_state);
        }
        break;
      case IFLA_VF_TRUST:
        if (auto v = attr.as<ifla_vf_trust>()) vf.trust = reported_bool(v->setting);
        break;
      case IFLA_VF_IB_NODE_GUID:
        if (auto v = attr.as<ifla_vf_guid>()) vf.node_guid = v->guid;
        break;
      case IFLA_VF_IB_PORT_GUID:
        if (auto v = attr.as<ifla_vf_guid>()) vf.port_guid = v->guid;
        break;
      case IFLA_VF_STATS:
        vf.stats = parse_vf_stats(attr.payload);
        break;
      default:
        break;  // broadcast, tx_rate (legacy), rss_query_en: not ours
    }
  }
  if (!have_mac) return make_error("IFLA_VF_INFO without IFLA_VF_MAC: cannot tell which VF");
  return vf;
}

}  // namespace

std::vector<uint8_t> build_set_vf_request(uint32_t seq, const std::string& pf_ifname, unsigned vf,
                                          const VfSettings& settings) {
  MessageBuilder message(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  put_link_header(message, pf_ifname);
  size_t list = message.begin_nest(IFLA_VFINFO_LIST);
  VfSettings plain = settings;
  plain.node_guid.reset();
  plain.port_guid.reset();
  // An IFLA_VF_INFO without attributes is EINVAL: only send one when there is something in it.
  if (!plain.empty()) {
    size_t info = message.begin_nest(IFLA_VF_INFO);
    put_vf_settings(message, vf, plain);
    message.end_nest(info);
  }
  if (settings.node_guid) put_guid(message, IFLA_VF_IB_NODE_GUID, vf, *settings.node_guid);
  if (settings.port_guid) put_guid(message, IFLA_VF_IB_PORT_GUID, vf, *settings.port_guid);
  message.end_nest(list);
  return std::move(message).finish();
}

std::optional<VfStats> parse_vf_stats(std::span<const uint8_t> payload) {
  auto attributes = netlink::parse_attributes(payload);
  if (!attributes) return std::nullopt;
  VfStats stats;
  std::optional<uint64_t> seen[IFLA_VF_STATS_TX_DROPPED + 1];
  for (const Attribute& attr : *attributes) {
    if (attr.type == IFLA_VF_STATS_PAD || attr.type > IFLA_VF_STATS_TX_DROPPED) continue;
    auto value = attr.as<uint64_t>();
    if (!value) return std::nullopt;
    seen[attr.type] = *value;
  }
  uint64_t* required[] = {&stats.rx_packets, &stats.tx_packets, &stats.rx_bytes,
                          &stats.tx_bytes,   &stats.broadcast,  &stats.multicast};
  for (uint16_t type = IFLA_VF_STATS_RX_PACKETS; type <= IFLA_VF_STATS_MULTICAST; ++type) {
    if (!seen[type]) return std::nullopt;
    *required[type] = *seen[type];
  }
  stats.rx_dropped = seen[IFLA_VF_STATS_RX_DROPPED];
  stats.tx_dropped = seen[IFLA_VF_STATS_TX_DROPPED];
  return stats;
}

std::vector<uint8_t> build_get_vfs_request(uint32_t seq, const std::string& pf_ifname,
                                           VfStatsRequest stats) {
  MessageBuilder message(RTM_GETLINK, NLM_F_REQUEST, seq);
  put_link_header(message, pf_ifname);
  uint32_t mask = RTEXT_FILTER_VF;
  if (stats == VfStatsRequest::kSkip) mask |= RTEXT_FILTER_SKIP_STATS;
  message.put(IFLA_EXT_MASK, mask);
  return std::move(message).finish();
}

Result<LinkVfs> parse_get_vfs_reply(std::span<const uint8_t> reply, const std::string& pf_ifname) {
  auto messages = netlink::split_messages(reply);
  if (!messages) return std::move(messages).error();
  for (const netlink::Message& message : *messages) {
    if (message.type == NLMSG_ERROR) {
      auto ack = netlink::parse_ack(message);
      if (!ack) return std::move(ack).error();
      if (ack->error == 0) continue;
      return make_error_code(ack->error, "link {}: RTM_GETLINK failed: {}{}", pf_ifname,
                             std::strerror(ack->error),
                             ack->message.empty() ? "" : " (" + ack->message + ")");
    }
    if (message.type != RTM_NEWLINK || message.payload.size() < sizeof(ifinfomsg)) continue;
    ifinfomsg header;
    std::memcpy(&header, message.payload.data(), sizeof header);
    LinkVfs link;
    link.ifindex = header.ifi_index;
    auto attributes =
        netlink::parse_attributes(message.payload.subspan(NLMSG_ALIGN(sizeof header)));
    if (!attributes) return std::move(attributes).error();
    for (const Attribute& attr : *attributes) {
      if (attr.type == IFLA_IFNAME) link.ifname = std::string(attr.as_string());
      if (attr.type == IFLA_NUM_VF) link.num_vfs = attr.as<uint32_t>();
      if (attr.type != IFLA_VFINFO_LIST) continue;
      auto infos = netlink::parse_attributes(attr.payload);
      if (!infos) return std::move(infos).error();
      for (const Attribute& info : *infos) {
        if (info.type != IFLA_VF_INFO) continue;
        auto vf = parse_vf_info(info);
        if (!vf) return make_error("link {}: {}", pf_ifname, vf.error().message);
        link.vfs.push_back(std::move(*vf));
      }
    }
    return link;
  }
  return make_error("link {}: no RTM_NEWLINK in the RTM_GETLINK reply", pf_ifname);
}

}  // namespace nfv::sriov
