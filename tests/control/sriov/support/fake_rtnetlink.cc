#include "fake_rtnetlink.h"

#include <arpa/inet.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>

#include "nfv/sriov/netlink_message.h"

namespace nfv::sriov::testing {

using netlink::Attribute;
using netlink::MessageBuilder;

namespace {

std::vector<uint8_t> ack(uint32_t seq, const nlmsghdr& request, int error,
                         const std::string& text) {
  uint16_t flags = NLM_F_CAPPED | (text.empty() ? 0 : NLM_F_ACK_TLVS);
  MessageBuilder message(NLMSG_ERROR, flags, seq);
  nlmsgerr body{};
  body.error = -error;
  body.msg = request;
  message.put_fixed(body);
  if (!text.empty()) message.put_string(NLMSGERR_ATTR_MSG, text);
  return std::move(message).finish();
}

uint32_t reported(const std::optional<bool>& value) {
  return value ? (*value ? 1 : 0) : UINT32_MAX;
}

// IFLA_VF_STATS as rtnl_fill_vfinfo writes it: a nest without NLA_F_NESTED holding one u64 per
// counter in IFLA_VF_STATS_* order (no IFLA_VF_STATS_PAD on x86, which reads u64s unaligned).
void put_vf_stats(MessageBuilder& message, const FakeLink& link, const VfState& vf) {
  VfStats stats = vf.stats.value_or(VfStats{});
  std::vector<std::pair<uint16_t, uint64_t>> counters = {
      {IFLA_VF_STATS_RX_PACKETS, stats.rx_packets}, {IFLA_VF_STATS_TX_PACKETS, stats.tx_packets},
      {IFLA_VF_STATS_RX_BYTES, stats.rx_bytes},     {IFLA_VF_STATS_TX_BYTES, stats.tx_bytes},
      {IFLA_VF_STATS_BROADCAST, stats.broadcast},   {IFLA_VF_STATS_MULTICAST, stats.multicast}};
  if (!link.stats_without_dropped) {
    counters.emplace_back(IFLA_VF_STATS_RX_DROPPED, stats.rx_dropped.value_or(0));
    counters.emplace_back(IFLA_VF_STATS_TX_DROPPED, stats.tx_dropped.value_or(0));
  }
  std::vector<uint8_t> nest;
  for (const auto& [type, value] : counters) {
    nlattr header{static_cast<uint16_t>(NLA_HDRLEN + sizeof value), type};
    const auto* h = reinterpret_cast<const uint8_t*>(&header);
    const auto* v = reinterpret_cast<const uint8_t*>(&value);
    nest.insert(nest.end(), h, h + sizeof header);
    nest.insert(nest.end(), v, v + sizeof value);
  }
  message.put_attr(IFLA_VF_STATS, nest.data(), nest.size());
}

std::vector<uint8_t> newlink(uint32_t seq, const FakeLink& link, bool with_vfs, bool with_stats) {
  MessageBuilder message(RTM_NEWLINK, 0, seq);
  ifinfomsg header{};
  header.ifi_family = AF_UNSPEC;
  header.ifi_type = link.infiniband ? ARPHRD_INFINIBAND : ARPHRD_ETHER;
  header.ifi_index = link.ifindex;
  message.put_fixed(header);
  message.put_string(IFLA_IFNAME, link.ifname);
  uint32_t mtu = 1500;
  message.put(IFLA_MTU, mtu);
  if (!with_vfs) return std::move(message).finish();
  auto num_vfs = static_cast<uint32_t>(link.vfs.size());
  message.put(IFLA_NUM_VF, num_vfs);
  size_t list = message.begin_nest(IFLA_VFINFO_LIST);
  for (const VfState& vf : link.vfs) {
    size_t info = message.begin_nest(IFLA_VF_INFO);
    ifla_vf_mac mac{};
    mac.vf = vf.index;
    std::memcpy(mac.mac, vf.mac.data(), vf.mac.size());
    message.put(IFLA_VF_MAC, mac);
    ifla_vf_broadcast broadcast{};
    std::memset(broadcast.broadcast, 0xff, 6);
    message.put(IFLA_VF_BROADCAST, broadcast);
    ifla_vf_vlan vlan{vf.index, vf.vlan.id, vf.vlan.qos};
    message.put(IFLA_VF_VLAN, vlan);
    ifla_vf_rate rate{vf.index, vf.rate.min_mbps, vf.rate.max_mbps};
    message.put(IFLA_VF_RATE, rate);
    ifla_vf_tx_rate tx_rate{vf.index, vf.rate.max_mbps};
    message.put(IFLA_VF_TX_RATE, tx_rate);
    ifla_vf_spoofchk spoofchk{vf.index, reported(vf.spoof_check)};
    message.put(IFLA_VF_SPOOFCHK, spoofchk);
    ifla_vf_link_state state{vf.index, static_cast<uint32_t>(vf.link_state)};
    message.put(IFLA_VF_LINK_STATE, state);
    ifla_vf_rss_query_en rss{vf.index, UINT32_MAX};
    message.put(IFLA_VF_RSS_QUERY_EN, rss);
    ifla_vf_trust trust{vf.index, reported(vf.trust)};
    message.put(IFLA_VF_TRUST, trust);
    if (link.reports_guids) {
      ifla_vf_guid node{};
      node.vf = vf.index;
      node.guid = vf.node_guid.value_or(0);
      message.put(IFLA_VF_IB_NODE_GUID, node);
      ifla_vf_guid port{};
      port.vf = vf.index;
      port.guid = vf.port_guid.value_or(0);
      message.put(IFLA_VF_IB_PORT_GUID, port);
    }
    size_t vlans = message.begin_nest(IFLA_VF_VLAN_LIST);
    ifla_vf_vlan_info vlan_info{};
    vlan_info.vf = vf.index;
    vlan_info.vlan = vf.vlan.id;
    vlan_info.qos = vf.vlan.qos;
    vlan_info.vlan_proto = htons(vf.vlan.proto);
    message.put(IFLA_VF_VLAN_INFO, vlan_info);
    message.end_nest(vlans);
    if (with_stats) put_vf_stats(message, link, vf);
    message.end_nest(info);
  }
  message.end_nest(list);
  return std::move(message).finish();
}

}  // namespace

FakeLink& FakeRtnetlink::add_link(const std::string& ifname, int ifindex, unsigned num_vfs) {
  FakeLink link;
  link.ifname = ifname;
  link.ifindex = ifindex;
  links_.push_back(std::move(link));
  set_vf_count(ifname, num_vfs);
  return links_.back();
}

void FakeRtnetlink::set_vf_count(const std::string& ifname, unsigned count) {
  FakeLink& changed = link(ifname);
  changed.vfs.resize(std::min<size_t>(changed.vfs.size(), count));
  for (auto i = static_cast<unsigned>(changed.vfs.size()); i < count; ++i) {
    VfState vf;
    vf.index = i;
    vf.spoof_check = true;  // the usual driver default
    vf.trust = false;
    changed.vfs.push_back(vf);
  }
}

FakeLink& FakeRtnetlink::link(const std::string& ifname) {
  for (FakeLink& link : links_) {
    if (link.ifname == ifname) return link;
  }
  throw std::out_of_range("fake rtnetlink: no link " + ifname);
}

void FakeRtnetlink::fail_request(unsigned nth, int error, std::string message) {
  planned_request_ = requests.size() + nth;
  planned_error_ = error;
  planned_message_ = std::move(message);
}

Result<std::vector<uint8_t>> FakeRtnetlink::exchange(std::span<const uint8_t> request) {
  requests.emplace_back(request.begin(), request.end());
  nlmsghdr header;
  if (request.size() < sizeof header + sizeof(ifinfomsg)) {
    return make_error("fake rtnetlink: short request");
  }
  std::memcpy(&header, request.data(), sizeof header);
  if (requests.size() == planned_request_) {
    return ack(header.nlmsg_seq, header, planned_error_, planned_message_);
  }
  ifinfomsg ifi;
  std::memcpy(&ifi, request.data() + sizeof header, sizeof ifi);
  auto attributes =
      netlink::parse_attributes(request.subspan(sizeof header + NLMSG_ALIGN(sizeof ifi)));
  if (!attributes) return ack(header.nlmsg_seq, header, EINVAL, "malformed attributes");
  FakeLink* target = nullptr;
  uint32_t ext_mask = 0;
  for (const Attribute& attr : *attributes) {
    if (attr.type == IFLA_IFNAME) {
      for (FakeLink& link : links_) {
        if (link.ifname == attr.as_string()) target = &link;
      }
    }
    if (attr.type == IFLA_EXT_MASK) ext_mask = attr.as<uint32_t>().value_or(0);
  }
  for (FakeLink& link : links_) {
    if (ifi.ifi_index > 0 && link.ifindex == ifi.ifi_index) target = &link;
  }
  if (target == nullptr) return ack(header.nlmsg_seq, header, ENODEV, "");
  if (header.nlmsg_type == RTM_GETLINK) {
    return newlink(header.nlmsg_seq, *target, (ext_mask & RTEXT_FILTER_VF) != 0,
                   (ext_mask & RTEXT_FILTER_SKIP_STATS) == 0);
  }
  if (header.nlmsg_type != RTM_SETLINK) return ack(header.nlmsg_seq, header, EOPNOTSUPP, "");
  for (const Attribute& attr : *attributes) {
    if (attr.type != IFLA_VFINFO_LIST) continue;
    auto infos = netlink::parse_attributes(attr.payload);
    if (!infos) return ack(header.nlmsg_seq, header, EINVAL, "");
    for (const Attribute& info : *infos) {
      if (info.type != IFLA_VF_INFO) return ack(header.nlmsg_seq, header, EINVAL, "");
      if (int error = set_vf_info(*target, info.payload)) {
        return ack(header.nlmsg_seq, header, error, "");
      }
    }
  }
  return ack(header.nlmsg_seq, header, 0, "");
}

int FakeRtnetlink::set_vf_info(FakeLink& link, std::span<const uint8_t> info) {
  auto parsed = netlink::parse_attributes(info);
  if (!parsed) return EINVAL;
  std::map<uint16_t, Attribute> tb;
  for (const Attribute& attr : *parsed) tb[attr.type] = attr;
  auto vf_of = [&](uint32_t index) -> VfState* {
    return index < link.vfs.size() ? &link.vfs[index] : nullptr;
  };
  auto applied = [&](uint16_t type) { return ignored_.count(type) == 0; };
  auto refusal = [&](uint16_t type) {
    auto it = refused_.find(type);
    return it == refused_.end() ? 0 : it->second;
  };
  int error = EINVAL;  // an IFLA_VF_INFO with nothing the kernel knows is EINVAL
  if (tb.count(IFLA_VF_MAC)) {
    auto v = tb[IFLA_VF_MAC].as<ifla_vf_mac>();
    VfState* vf = v ? vf_of(v->vf) : nullptr;
    if (vf == nullptr) return EINVAL;
    if (int refused = refusal(IFLA_VF_MAC)) return refused;
    if (applied(IFLA_VF_MAC)) std::memcpy(vf->mac.data(), v->mac, vf->mac.size());
    error = 0;
  }
  if (tb.count(IFLA_VF_VLAN)) {
    auto v = tb[IFLA_VF_VLAN].as<ifla_vf_vlan>();
    VfState* vf = v ? vf_of(v->vf) : nullptr;
    if (vf == nullptr || v->vlan > 4095 || v->qos > 7) return EINVAL;
    if (int refused = refusal(IFLA_VF_VLAN)) return refused;
    if (applied(IFLA_VF_VLAN)) {
      vf->vlan =
          VfVlan{static_cast<uint16_t>(v->vlan), static_cast<uint8_t>(v->qos), kVlanProto8021Q};
    }
    error = 0;
  }
  if (tb.count(IFLA_VF_VLAN_LIST)) {
    auto list = netlink::parse_attributes(tb[IFLA_VF_VLAN_LIST].payload);
    if (!list || list->empty()) return EINVAL;
    auto v = list->front().as<ifla_vf_vlan_info>();
    VfState* vf = v ? vf_of(v->vf) : nullptr;
    if (list->front().type != IFLA_VF_VLAN_INFO || vf == nullptr) return EINVAL;
    if (int refused = refusal(IFLA_VF_VLAN_LIST)) return refused;
    if (applied(IFLA_VF_VLAN_LIST)) {
      vf->vlan = VfVlan{static_cast<uint16_t>(v->vlan), static_cast<uint8_t>(v->qos),
                        ntohs(v->vlan_proto)};
    }
    error = 0;
  }
  if (tb.count(IFLA_VF_RATE)) {
    auto v = tb[IFLA_VF_RATE].as<ifla_vf_rate>();
    VfState* vf = v ? vf_of(v->vf) : nullptr;
    if (vf == nullptr || (v->max_tx_rate != 0 && v->max_tx_rate < v->min_tx_rate)) return EINVAL;
    if (int refused = refusal(IFLA_VF_RATE)) return refused;
    if (applied(IFLA_VF_RATE)) vf->rate = VfRate{v->min_tx_rate, v->max_tx_rate};
    error = 0;
  }
  if (tb.count(IFLA_VF_SPOOFCHK)) {
    auto v = tb[IFLA_VF_SPOOFCHK].as<ifla_vf_spoofchk>();
    VfState* vf = v ? vf_of(v->vf) : nullptr;
    if (vf == nullptr) return EINVAL;
    if (int refused = refusal(IFLA_VF_SPOOFCHK)) return refused;
    if (applied(IFLA_VF_SPOOFCHK)) vf->spoof_check = v->setting != 0;
    error = 0;
  }
  if (tb.count(IFLA_VF_LINK_STATE)) {
    auto v = tb[IFLA_VF_LINK_STATE].as<ifla_vf_link_state>();
    VfState* vf = v ? vf_of(v->vf) : nullptr;
    if (vf == nullptr || v->link_state > 2) return EINVAL;
    if (int refused = refusal(IFLA_VF_LINK_STATE)) return refused;
    if (applied(IFLA_VF_LINK_STATE)) vf->link_state = static_cast<VfLinkState>(v->link_state);
    error = 0;
  }
  if (tb.count(IFLA_VF_TRUST)) {
    auto v = tb[IFLA_VF_TRUST].as<ifla_vf_trust>();
    VfState* vf = v ? vf_of(v->vf) : nullptr;
    if (vf == nullptr) return EINVAL;
    if (int refused = refusal(IFLA_VF_TRUST)) return refused;
    if (applied(IFLA_VF_TRUST)) vf->trust = v->setting != 0;
    error = 0;
  }
  // As in do_setvfinfo: a GUID ends the processing of this IFLA_VF_INFO.
  for (uint16_t type : {uint16_t{IFLA_VF_IB_NODE_GUID}, uint16_t{IFLA_VF_IB_PORT_GUID}}) {
    if (!tb.count(type)) continue;
    auto v = tb[type].as<ifla_vf_guid>();
    VfState* vf = v ? vf_of(v->vf) : nullptr;
    if (vf == nullptr) return EINVAL;
    if (!link.infiniband) return EOPNOTSUPP;
    if (int refused = refusal(type)) return refused;
    if (applied(type)) (type == IFLA_VF_IB_NODE_GUID ? vf->node_guid : vf->port_guid) = v->guid;
    return 0;
  }
  return error;
}

}  // namespace nfv::sriov::testing
