// The nfv-switch control API: every method's name, parameter and result types, and the
// API version, in one header that nfv-switch, nfvd, nfvctl and the tests all include.
// A change here changes tests/api/switch_api.golden.json: bump kApiVersion when a change
// is incompatible (a field removed, renamed or made required; a method removed).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/api/method.h"

namespace nfv::api {

inline constexpr uint32_t kApiVersion = 1;

// ---- handshake and switch ------------------------------------------------------------

struct HelloParams {
  uint32_t api_version = 0;
  std::string client;
  static constexpr auto fields() {
    return std::tuple{required("api_version", &HelloParams::api_version, "client's kApiVersion"),
                      optional("client", &HelloParams::client, "client name, for logs")};
  }
};
struct HelloResult {
  uint32_t api_version = 0;
  std::string server;
  std::string version;
  int64_t pid = 0;
  static constexpr auto fields() {
    return std::tuple{required("api_version", &HelloResult::api_version),
                      required("server", &HelloResult::server),
                      required("version", &HelloResult::version),
                      required("pid", &HelloResult::pid)};
  }
};

struct PmdSummary {
  uint32_t id = 0;
  uint32_t cpu = 0;
  int32_t numa = 0;
  static constexpr auto fields() {
    return std::tuple{required("id", &PmdSummary::id), required("cpu", &PmdSummary::cpu),
                      required("numa", &PmdSummary::numa)};
  }
};
struct SwitchInfo {
  std::string version;
  int64_t pid = 0;
  double uptime_s = 0;
  std::string file_prefix;
  std::string vhost_dir;
  std::vector<std::string> eal_args;
  std::vector<PmdSummary> pmds;
  uint32_t idle_sleep_max_us = 0;
  uint32_t mac_table_size = 0;
  uint32_t mac_ageing_s = 0;
  static constexpr auto fields() {
    return std::tuple{required("version", &SwitchInfo::version),
                      required("pid", &SwitchInfo::pid),
                      required("uptime_s", &SwitchInfo::uptime_s),
                      required("file_prefix", &SwitchInfo::file_prefix),
                      required("vhost_dir", &SwitchInfo::vhost_dir),
                      required("eal_args", &SwitchInfo::eal_args),
                      required("pmds", &SwitchInfo::pmds),
                      required("idle_sleep_max_us", &SwitchInfo::idle_sleep_max_us),
                      required("mac_table_size", &SwitchInfo::mac_table_size),
                      required("mac_ageing_s", &SwitchInfo::mac_ageing_s)};
  }
};

// ---- ports ---------------------------------------------------------------------------

struct VlanConfig {
  std::string mode = "trunk";  // "access" | "trunk"
  uint32_t tag = 0;            // access: the port's VLAN (1-4094)
  std::string trunks;          // trunk: allowed VLANs, e.g. "1-100,200"; "" = all
  uint32_t native = 0;         // trunk: VLAN of untagged frames; 0 = untagged domain
  bool qinq = false;           // trunk: accept stacked tags as payload of the outer VLAN
  static constexpr auto fields() {
    return std::tuple{
        optional("mode", &VlanConfig::mode, "access | trunk (default trunk, all VLANs)"),
        optional("tag", &VlanConfig::tag, "access VLAN, 1-4094"),
        optional("trunks", &VlanConfig::trunks,
                 "trunk: allowed VLANs, e.g. 1-100,200 (default all)"),
        optional("native", &VlanConfig::native,
                 "trunk: VLAN of untagged frames (default 0: untagged)"),
        optional("qinq", &VlanConfig::qinq,
                 "trunk: accept frames with a second tag (QinQ) as opaque payload of their "
                 "outer VLAN; they leave only tagged (default: dropped as vlan_encapsulation)")};
  }
};

struct SocketConfig {
  std::string owner;  // user name or uid of the socket file (server mode)
  std::string group;  // group name or gid
  uint32_t mode = 0;  // permission bits, e.g. 0660 (as decimal 432 in JSON)
  static constexpr auto fields() {
    return std::tuple{
        optional("owner", &SocketConfig::owner,
                 "vhost server: socket owner, user or uid (QEMU's user)"),
        optional("group", &SocketConfig::group, "vhost server: socket group, group or gid"),
        optional("mode", &SocketConfig::mode, "socket permission bits")};
  }
};

// Virtio features a vhost-user port offers; the guest negotiates within them.
struct VhostConfig {
  bool mergeable_rx = true;   // VIRTIO_NET_F_MRG_RXBUF
  bool indirect_desc = true;  // VIRTIO_RING_F_INDIRECT_DESC
  bool packed_ring = true;    // VIRTIO_F_RING_PACKED
  bool offloads = false;      // checksum/TSO: off, so guests send complete frames
  static constexpr auto fields() {
    return std::tuple{optional("mergeable_rx", &VhostConfig::mergeable_rx),
                      optional("indirect_desc", &VhostConfig::indirect_desc),
                      optional("packed_ring", &VhostConfig::packed_ring),
                      optional("offloads", &VhostConfig::offloads,
                               "vhost: offer checksum and TSO offloads (only between vhost "
                               "ports: frames that still need them are dropped towards dpdk "
                               "ports, as offload_unfinished)")};
  }
};

// A port's ingress policing and storm control; 0 turns a limit off. Each limit holds for the
// port as a whole, however many PMDs poll its queues.
struct RateConfig {
  uint32_t policer_pps = 0;
  uint64_t policer_bps = 0;
  uint32_t storm_broadcast_pps = 0;
  uint32_t storm_multicast_pps = 0;
  uint32_t storm_unknown_unicast_pps = 0;
  bool operator==(const RateConfig& other) const = default;
  static constexpr auto fields() {
    return std::tuple{
        optional("policer_pps", &RateConfig::policer_pps,
                 "ingress policing: frames per second the port may send (0: no limit)"),
        optional("policer_bps", &RateConfig::policer_bps,
                 "ingress policing: bits per second the port may send (0: no limit)"),
        optional("storm_broadcast_pps", &RateConfig::storm_broadcast_pps,
                 "storm control: broadcast frames per second (0: no limit)"),
        optional("storm_multicast_pps", &RateConfig::storm_multicast_pps,
                 "storm control: multicast frames per second (0: no limit)"),
        optional("storm_unknown_unicast_pps", &RateConfig::storm_unknown_unicast_pps,
                 "storm control: frames per second to unknown unicast MACs (0: no limit)")};
  }
};

// port.set's change of some limits: the fields given replace those limits, the others stay.
struct RateUpdate {
  std::optional<uint32_t> policer_pps;
  std::optional<uint64_t> policer_bps;
  std::optional<uint32_t> storm_broadcast_pps;
  std::optional<uint32_t> storm_multicast_pps;
  std::optional<uint32_t> storm_unknown_unicast_pps;
  static constexpr auto fields() {
    return std::tuple{
        optional("policer_pps", &RateUpdate::policer_pps, "ingress policing: frames/s (0: off)"),
        optional("policer_bps", &RateUpdate::policer_bps, "ingress policing: bits/s (0: off)"),
        optional("storm_broadcast_pps", &RateUpdate::storm_broadcast_pps,
                 "storm control: broadcast frames/s (0: off)"),
        optional("storm_multicast_pps", &RateUpdate::storm_multicast_pps,
                 "storm control: multicast frames/s (0: off)"),
        optional("storm_unknown_unicast_pps", &RateUpdate::storm_unknown_unicast_pps,
                 "storm control: frames/s to unknown unicast MACs (0: off)")};
  }
};

// The limits after `update`.
inline RateConfig updated(RateConfig rates, const RateUpdate& update) {
  rates.policer_pps = update.policer_pps.value_or(rates.policer_pps);
  rates.policer_bps = update.policer_bps.value_or(rates.policer_bps);
  rates.storm_broadcast_pps = update.storm_broadcast_pps.value_or(rates.storm_broadcast_pps);
  rates.storm_multicast_pps = update.storm_multicast_pps.value_or(rates.storm_multicast_pps);
  rates.storm_unknown_unicast_pps =
      update.storm_unknown_unicast_pps.value_or(rates.storm_unknown_unicast_pps);
  return rates;
}

// Port security (anti-spoofing) of a guest-facing port: what it may send from. With it on, a
// frame must come from one of `macs`, be IPv4, IPv6 or ARP, and carry a source address among
// `ips` (when any of its family is given); router advertisements and DHCP server replies
// need `trusted`. Everything else is dropped as anti_spoof.
struct PortSecurityConfig {
  bool enabled = false;
  std::vector<std::string> macs;  // allowed source MACs, 1-16 when enabled
  std::vector<std::string> ips;   // allowed IPv4/IPv6 addresses or prefixes (a.b.c.d/len)
  bool trusted = false;           // may send router advertisements and DHCP server replies
  static constexpr auto fields() {
    return std::tuple{
        optional("enabled", &PortSecurityConfig::enabled,
                 "anti-spoofing on (false: the port may send anything; other fields unset)"),
        optional("macs", &PortSecurityConfig::macs,
                 "allowed source MACs, 1-16 (also checked as ARP and ND sender)"),
        optional("ips", &PortSecurityConfig::ips,
                 "allowed source IPv4/IPv6 addresses or prefixes, up to 16 of each family "
                 "(none of a family: any address of it)"),
        optional("trusted", &PortSecurityConfig::trusted,
                 "may send IPv6 router advertisements and redirects, DHCP and DHCPv6 server "
                 "replies")};
  }
};

struct PortAddParams {
  std::string name;
  std::string type;      // "vhost" | "dpdk"
  std::string path;      // vhost: socket path (default <vhost_dir>/<name>.sock)
  std::string mode;      // vhost: "server" (default) | "client"
  std::string devargs;   // dpdk: PCI address or vdev string ("net_tap0,iface=tap0")
  uint32_t queues = 0;   // queue pairs (vhost: the most a guest may enable); 0 = default 1
  std::string bridge;    // attach to this bridge
  std::string xconnect;  // or cross-connect with this port
  std::optional<VlanConfig> vlan;
  std::optional<SocketConfig> socket;
  std::optional<VhostConfig> vhost;
  std::optional<uint32_t> tx_retries;  // vhost: retries of a full guest queue before dropping
  std::optional<uint32_t> mac_limit;   // most MACs learned on the port; absent or 0 = no limit
  std::optional<bool> mac_lock;        // MACs learned on the port do not move to another port
  std::optional<uint32_t> mtu;         // largest L3 payload: dpdk default 1500, vhost 9000
  bool exist_ok = false;
  std::optional<RateConfig> rates;
  std::optional<PortSecurityConfig> security;
  static constexpr auto fields() {
    return std::tuple{
        required("name", &PortAddParams::name, "port name, unique"),
        required("type", &PortAddParams::type, "vhost | dpdk"),
        optional("path", &PortAddParams::path,
                 "vhost: socket path (default <vhost_dir>/<name>.sock)"),
        optional("mode", &PortAddParams::mode, "vhost: server (default) | client"),
        optional("devargs", &PortAddParams::devargs,
                 "dpdk: PCI address or vdev arguments (net_tap0,iface=tap0)"),
        optional("queues", &PortAddParams::queues, "queue pairs"),
        optional("bridge", &PortAddParams::bridge, "bridge to join"),
        optional("xconnect", &PortAddParams::xconnect, "port to cross-connect with"),
        optional("vlan", &PortAddParams::vlan),
        optional("socket", &PortAddParams::socket),
        optional("vhost", &PortAddParams::vhost, "virtio features offered"),
        optional("tx_retries", &PortAddParams::tx_retries,
                 "vhost: retries of a guest queue that accepts part of a burst"),
        optional("rates", &PortAddParams::rates, "ingress policing and storm control"),
        optional("mac_limit", &PortAddParams::mac_limit,
                 "most MACs learned on this port (0: no limit); past it new source MACs are "
                 "not learned (counted in mac_limit_refused) and frames to them flood"),
        optional("mac_lock", &PortAddParams::mac_lock,
                 "true: MACs learned on this port are not moved to another port by learning "
                 "(counted in mac_lock_refused there) until they age out or are flushed"),
        optional("mtu", &PortAddParams::mtu,
                 "largest frame payload in bytes (dpdk default 1500; vhost default 9000, or "
                 "the guest's MTU if it negotiated a smaller one)"),
        optional("exist_ok", &PortAddParams::exist_ok, "succeed if an identical port exists"),
        optional("security", &PortAddParams::security, "port security (anti-spoofing)")};
  }
};

struct NameParams {  // port.del
  std::string name;
  bool missing_ok = false;
  static constexpr auto fields() {
    return std::tuple{
        required("name", &NameParams::name, "port name"),
        optional("missing_ok", &NameParams::missing_ok, "succeed if the port does not exist")};
  }
};

struct PortSetParams {
  std::string name;
  std::optional<std::string> admin;     // "up" | "down"
  std::optional<std::string> bridge;    // "" detaches
  std::optional<std::string> xconnect;  // "" detaches
  std::optional<uint32_t> tx_retries;
  std::optional<RateUpdate> rates;    // the limits given change, the others stay
  std::optional<uint32_t> mac_limit;  // 0 removes the limit; MACs already learned stay
  std::optional<bool> mac_lock;
  std::optional<PortSecurityConfig> security;  // replaces the port's port security
  static constexpr auto fields() {
    return std::tuple{
        required("name", &PortSetParams::name, "port name"),
        optional("admin", &PortSetParams::admin, "up | down"),
        optional("bridge", &PortSetParams::bridge, "bridge to join; \"\" leaves"),
        optional("xconnect", &PortSetParams::xconnect, "port to cross-connect with; \"\" unpairs"),
        optional("tx_retries", &PortSetParams::tx_retries,
                 "vhost: retries of a guest queue that accepts part of a burst"),
        optional("rates", &PortSetParams::rates,
                 "ingress policing and storm control: the limits given change"),
        optional("mac_limit", &PortSetParams::mac_limit,
                 "most MACs learned on this port (0: no limit); a lower limit keeps the MACs "
                 "already learned and refuses new ones until they age out"),
        optional("mac_lock", &PortSetParams::mac_lock,
                 "true: MACs learned on this port are not moved to another port by learning"),
        optional("security", &PortSetParams::security,
                 "port security (anti-spoofing), replacing the port's: {\"enabled\": false} "
                 "turns it off")};
  }
};

struct VhostFeatures {
  std::string features_hex;  // negotiated virtio feature bits
  bool mergeable_rx = false;
  bool indirect_desc = false;
  bool event_idx = false;
  bool packed_ring = false;
  bool in_order = false;
  bool csum_offload = false;
  bool tso = false;
  bool mq = false;
  uint32_t mtu = 0;
  static constexpr auto fields() {
    return std::tuple{required("features_hex", &VhostFeatures::features_hex),
                      required("mergeable_rx", &VhostFeatures::mergeable_rx),
                      required("indirect_desc", &VhostFeatures::indirect_desc),
                      required("event_idx", &VhostFeatures::event_idx),
                      required("packed_ring", &VhostFeatures::packed_ring),
                      required("in_order", &VhostFeatures::in_order),
                      required("csum_offload", &VhostFeatures::csum_offload),
                      required("tso", &VhostFeatures::tso),
                      required("mq", &VhostFeatures::mq),
                      required("mtu", &VhostFeatures::mtu)};
  }
};

struct PortInfo {
  std::string name;
  std::string type;
  uint32_t index = 0;  // slot in the dataplane; stable while the port exists
  std::string admin;   // up | down
  std::string link;    // up | down
  int32_t numa = -1;   // -1 = unknown
  uint32_t rx_queues = 0;
  uint32_t tx_queues = 0;
  uint32_t mtu = 0;  // as configured; a frame may carry it plus an Ethernet header and a tag
  std::string bridge;
  std::string xconnect;
  VlanConfig vlan;
  // vhost
  std::string path;
  std::string mode;
  bool connected = false;
  std::vector<uint32_t> enabled_queues;  // queue pairs the guest enabled
  uint32_t tx_retries = 0;
  uint32_t mac_limit = 0;  // 0 = no limit
  bool mac_lock = false;
  std::optional<VhostFeatures> features;
  uint32_t reconnects = 0;
  // dpdk
  std::string devargs;
  std::string driver;
  std::string mac;
  std::optional<RateConfig> rates;             // when any limit is set
  std::optional<PortSecurityConfig> security;  // absent: port security off
  static constexpr auto fields() {
    return std::tuple{required("name", &PortInfo::name),
                      required("type", &PortInfo::type),
                      required("index", &PortInfo::index),
                      required("admin", &PortInfo::admin),
                      required("link", &PortInfo::link),
                      required("numa", &PortInfo::numa),
                      required("rx_queues", &PortInfo::rx_queues),
                      required("tx_queues", &PortInfo::tx_queues),
                      required("mtu", &PortInfo::mtu),
                      required("bridge", &PortInfo::bridge),
                      required("xconnect", &PortInfo::xconnect),
                      required("vlan", &PortInfo::vlan),
                      optional("path", &PortInfo::path),
                      optional("mode", &PortInfo::mode),
                      optional("connected", &PortInfo::connected),
                      optional("enabled_queues", &PortInfo::enabled_queues),
                      optional("tx_retries", &PortInfo::tx_retries),
                      optional("mac_limit", &PortInfo::mac_limit),
                      optional("mac_lock", &PortInfo::mac_lock),
                      optional("features", &PortInfo::features),
                      optional("reconnects", &PortInfo::reconnects),
                      optional("devargs", &PortInfo::devargs),
                      optional("driver", &PortInfo::driver),
                      optional("mac", &PortInfo::mac),
                      optional("rates", &PortInfo::rates),
                      optional("security", &PortInfo::security,
                               "port security, in canonical form; absent when off")};
  }
};
struct PortList {
  std::vector<PortInfo> ports;
  static constexpr auto fields() { return std::tuple{required("ports", &PortList::ports)}; }
};

struct VlanSetParams {
  std::string port;
  VlanConfig vlan;
  static constexpr auto fields() {
    return std::tuple{required("port", &VlanSetParams::port, "port name"),
                      required("vlan", &VlanSetParams::vlan)};
  }
};

// ---- bridges -------------------------------------------------------------------------

struct BridgeAddParams {
  std::string name;
  std::optional<uint32_t> mac_table_size;
  std::optional<uint32_t> ageing_s;
  std::optional<uint32_t> mac_limit;  // most learned MACs, below mac_table_size; 0 = no limit
  bool exist_ok = false;
  static constexpr auto fields() {
    return std::tuple{
        required("name", &BridgeAddParams::name, "bridge name"),
        optional("mac_table_size", &BridgeAddParams::mac_table_size,
                 "most MAC entries (default: nfv-switch's --mac-table-size)"),
        optional("ageing_s", &BridgeAddParams::ageing_s,
                 "seconds before an idle MAC is forgotten (default 300)"),
        optional("mac_limit", &BridgeAddParams::mac_limit,
                 "most MACs learned in the bridge, at most mac_table_size (0: no limit but the "
                 "table's size); past it new source MACs are not learned (mac_limit_refused)"),
        optional("exist_ok", &BridgeAddParams::exist_ok, "succeed if the same bridge exists")};
  }
};
struct BridgeDelParams {
  std::string name;
  bool missing_ok = false;
  bool force = false;  // detach member ports instead of refusing
  static constexpr auto fields() {
    return std::tuple{
        required("name", &BridgeDelParams::name, "bridge name"),
        optional("missing_ok", &BridgeDelParams::missing_ok, "succeed if it does not exist"),
        optional("force", &BridgeDelParams::force, "detach member ports")};
  }
};
struct BridgeInfo {
  std::string name;
  std::vector<std::string> ports;
  uint32_t mac_table_size = 0;
  uint32_t ageing_s = 0;
  uint64_t macs = 0;
  uint32_t mac_limit = 0;  // 0 = no limit but mac_table_size
  static constexpr auto fields() {
    return std::tuple{required("name", &BridgeInfo::name),
                      required("ports", &BridgeInfo::ports),
                      required("mac_table_size", &BridgeInfo::mac_table_size),
                      required("ageing_s", &BridgeInfo::ageing_s),
                      required("macs", &BridgeInfo::macs),
                      optional("mac_limit", &BridgeInfo::mac_limit)};
  }
};
struct BridgeList {
  std::vector<BridgeInfo> bridges;
  static constexpr auto fields() { return std::tuple{required("bridges", &BridgeList::bridges)}; }
};

// ---- MAC table -----------------------------------------------------------------------

struct MacEntry {
  std::string bridge;
  uint32_t vlan = 0;
  std::string mac;
  std::string port;
  bool is_static = false;
  double age_s = 0;
  static constexpr auto fields() {
    return std::tuple{
        required("bridge", &MacEntry::bridge),    required("vlan", &MacEntry::vlan),
        required("mac", &MacEntry::mac),          required("port", &MacEntry::port),
        required("static", &MacEntry::is_static), required("age_s", &MacEntry::age_s)};
  }
};
// A page of the MAC table: entries in a stable order (bridge in creation order, then VLAN,
// then MAC); a client pages with `offset` and `limit` until the reply has no `next_offset`.
struct MacListParams {
  std::string bridge;
  std::string port;
  std::optional<uint32_t> vlan;
  uint32_t limit = 0;   // 0 = all
  uint64_t offset = 0;  // matching entries skipped
  static constexpr auto fields() {
    return std::tuple{
        optional("bridge", &MacListParams::bridge, "only this bridge"),
        optional("port", &MacListParams::port, "only this port"),
        optional("vlan", &MacListParams::vlan, "only this VLAN"),
        optional("limit", &MacListParams::limit, "most entries returned (0: all)"),
        optional("offset", &MacListParams::offset,
                 "matching entries skipped, in bridge, VLAN, MAC order (the previous reply's "
                 "next_offset)")};
  }
};
struct MacList {
  std::vector<MacEntry> entries;
  uint64_t total = 0;                   // matching entries, before offset and limit
  std::optional<uint64_t> next_offset;  // where the next page starts; none: this was the last
  static constexpr auto fields() {
    return std::tuple{required("entries", &MacList::entries), required("total", &MacList::total),
                      optional("next_offset", &MacList::next_offset)};
  }
};
struct MacAddParams {
  std::string bridge;
  std::string mac;
  std::string port;
  uint32_t vlan = 0;
  static constexpr auto fields() {
    return std::tuple{required("bridge", &MacAddParams::bridge, "bridge"),
                      required("mac", &MacAddParams::mac, "MAC address"),
                      required("port", &MacAddParams::port, "output port"),
                      optional("vlan", &MacAddParams::vlan, "VLAN (0: untagged)")};
  }
};
struct MacDelParams {
  std::string bridge;
  std::string mac;
  uint32_t vlan = 0;
  bool missing_ok = false;
  static constexpr auto fields() {
    return std::tuple{
        required("bridge", &MacDelParams::bridge, "bridge"),
        required("mac", &MacDelParams::mac, "MAC address"),
        optional("vlan", &MacDelParams::vlan, "VLAN (0: untagged)"),
        optional("missing_ok", &MacDelParams::missing_ok, "succeed if there is no such entry")};
  }
};
struct MacFlushParams {
  std::string bridge;
  std::string port;
  bool include_static = false;
  static constexpr auto fields() {
    return std::tuple{
        optional("bridge", &MacFlushParams::bridge, "only this bridge"),
        optional("port", &MacFlushParams::port, "only entries of this port"),
        optional("include_static", &MacFlushParams::include_static, "static entries too")};
  }
};
struct CountResult {
  uint64_t count = 0;
  static constexpr auto fields() { return std::tuple{required("count", &CountResult::count)}; }
};

// ---- PMDs ----------------------------------------------------------------------------

struct RxqInfo {
  std::string port;
  uint32_t queue = 0;
  bool enabled = true;
  uint64_t packets = 0;
  uint64_t cycles = 0;
  double share_pct = 0;  // of its PMD's busy cycles since the last rebalance
  static constexpr auto fields() {
    return std::tuple{
        required("port", &RxqInfo::port),       required("queue", &RxqInfo::queue),
        required("enabled", &RxqInfo::enabled), required("packets", &RxqInfo::packets),
        required("cycles", &RxqInfo::cycles),   required("share_pct", &RxqInfo::share_pct)};
  }
};
// Polls that found frames after a gap of at least `at_least_us` since the PMD's previous poll
// (and less than the next bucket's bound).
struct LatePolls {
  uint32_t at_least_us = 0;
  uint64_t polls = 0;
  static constexpr auto fields() {
    return std::tuple{required("at_least_us", &LatePolls::at_least_us),
                      required("polls", &LatePolls::polls)};
  }
};
struct PmdInfo {
  uint32_t id = 0;
  uint32_t cpu = 0;
  int32_t numa = 0;
  uint64_t iterations = 0;
  uint64_t busy_cycles = 0;
  uint64_t idle_cycles = 0;
  uint64_t packets = 0;
  uint64_t sleeps = 0;
  double busy_pct = 0;
  double cycles_per_packet = 0;
  std::vector<RxqInfo> rxqs;
  std::vector<LatePolls> late_polls;
  static constexpr auto fields() {
    return std::tuple{required("id", &PmdInfo::id),
                      required("cpu", &PmdInfo::cpu),
                      required("numa", &PmdInfo::numa),
                      required("iterations", &PmdInfo::iterations),
                      required("busy_cycles", &PmdInfo::busy_cycles),
                      required("idle_cycles", &PmdInfo::idle_cycles),
                      required("packets", &PmdInfo::packets),
                      optional("sleeps", &PmdInfo::sleeps,
                               "idle sleeps so far (an idle PMD backs off to --idle-sleep-max-us)"),
                      required("busy_pct", &PmdInfo::busy_pct),
                      required("cycles_per_packet", &PmdInfo::cycles_per_packet),
                      required("rxqs", &PmdInfo::rxqs),
                      optional("late_polls", &PmdInfo::late_polls,
                               "polls that found frames after a long gap since the previous one "
                               "(a late wake from an idle sleep, the thread preempted), by gap: "
                               "how long frames waited; a guest ring lasts descriptors / rate")};
  }
};
struct PmdList {
  std::vector<PmdInfo> pmds;
  static constexpr auto fields() { return std::tuple{required("pmds", &PmdList::pmds)}; }
};
struct RxqMove {
  std::string port;
  uint32_t queue = 0;
  uint32_t from_pmd = 0;
  uint32_t to_pmd = 0;
  static constexpr auto fields() {
    return std::tuple{required("port", &RxqMove::port), required("queue", &RxqMove::queue),
                      required("from_pmd", &RxqMove::from_pmd),
                      required("to_pmd", &RxqMove::to_pmd)};
  }
};
struct RebalanceResult {
  std::vector<RxqMove> moved;
  std::vector<double> pmd_load_before;  // busy-cycle share per PMD, percent
  std::vector<double> pmd_load_after;   // predicted from measured per-queue cycles
  static constexpr auto fields() {
    return std::tuple{required("moved", &RebalanceResult::moved),
                      required("pmd_load_before", &RebalanceResult::pmd_load_before),
                      required("pmd_load_after", &RebalanceResult::pmd_load_after)};
  }
};

// ---- statistics ----------------------------------------------------------------------

struct RxqStats {
  uint32_t queue = 0;
  uint32_t pmd = 0;
  uint64_t packets = 0;    // received by a PMD (NIC drops excluded)
  uint32_t pending = 0;    // frames waiting in the queue when read (a guest's transmit ring)
  uint32_t ring_size = 0;  // the queue's descriptors; 0: not known
  static constexpr auto fields() {
    return std::tuple{
        required("queue", &RxqStats::queue), required("pmd", &RxqStats::pmd),
        required("packets", &RxqStats::packets),
        optional("pending", &RxqStats::pending,
                 "frames waiting in the queue when read: a guest's transmit ring "
                 "or a NIC's receive ring filling up"),
        optional("ring_size", &RxqStats::ring_size, "the queue's descriptors; 0 when not known")};
  }
};
struct PortStats {
  std::string name;
  // Invariants, per port, in every result: rx_packets == forwarded + rx_dropped and
  // tx_attempts == tx_packets + tx_dropped.
  uint64_t rx_packets = 0;   // frames received, including those the NIC dropped (rx_missed,
                             // rx_nombuf) before a PMD saw them
  uint64_t rx_bytes = 0;     // of the frames a PMD received (the NIC's drops have no size)
  uint64_t forwarded = 0;    // rx frames sent on (once per frame, however many egress ports)
  uint64_t flooded = 0;      // of which sent to every port of the VLAN
  uint64_t rx_dropped = 0;   // sum of ingress + device (NIC) drops
  uint64_t tx_attempts = 0;  // frames offered to this port for transmission
  uint64_t tx_packets = 0;
  uint64_t tx_bytes = 0;
  uint64_t tx_dropped = 0;                // sum of egress drops
  uint64_t tx_retries = 0;                // extra enqueue attempts on a full queue
  std::map<std::string, uint64_t> drops;  // every reason of drop_reasons.h, zeros included
  uint64_t mac_learned = 0;               // new MACs learned on this port
  uint64_t mac_moved = 0;                 // MACs that moved to this port
  uint64_t mac_table_full = 0;            // frames whose source could not be learned: table full
  uint64_t mac_limit_refused = 0;  // learn requests refused: the port's or bridge's mac_limit
  uint64_t mac_lock_refused = 0;   // moves to this port refused: the MAC is locked to another
  std::vector<RxqStats> rx_queues;
  static constexpr auto fields() {
    return std::tuple{required("name", &PortStats::name),
                      required("rx_packets", &PortStats::rx_packets),
                      required("rx_bytes", &PortStats::rx_bytes),
                      required("forwarded", &PortStats::forwarded),
                      required("flooded", &PortStats::flooded),
                      required("rx_dropped", &PortStats::rx_dropped),
                      required("tx_attempts", &PortStats::tx_attempts),
                      required("tx_packets", &PortStats::tx_packets),
                      required("tx_bytes", &PortStats::tx_bytes),
                      required("tx_dropped", &PortStats::tx_dropped),
                      required("tx_retries", &PortStats::tx_retries),
                      required("drops", &PortStats::drops),
                      required("mac_learned", &PortStats::mac_learned),
                      required("mac_moved", &PortStats::mac_moved),
                      required("mac_table_full", &PortStats::mac_table_full),
                      optional("mac_limit_refused", &PortStats::mac_limit_refused,
                               "source MACs not learned (or not moved here): the port's or its "
                               "bridge's mac_limit was reached"),
                      optional("mac_lock_refused", &PortStats::mac_lock_refused,
                               "source MACs not moved here: locked to another port (mac_lock)"),
                      required("rx_queues", &PortStats::rx_queues)};
  }
};
struct StatsParams {
  std::string port;  // "" = all
  static constexpr auto fields() {
    return std::tuple{optional("port", &StatsParams::port, "one port; all when absent")};
  }
};
struct StatsResult {
  double timestamp_s = 0;  // monotonic seconds at the time of reading
  std::vector<PortStats> ports;
  static constexpr auto fields() {
    return std::tuple{required("timestamp_s", &StatsResult::timestamp_s),
                      required("ports", &StatsResult::ports)};
  }
};

// ---- test support --------------------------------------------------------------------

struct ClockParams {
  double advance_s = 0;
  static constexpr auto fields() {
    return std::tuple{required("advance_s", &ClockParams::advance_s, "seconds to move forward")};
  }
};
struct ClockResult {
  double now_s = 0;
  uint64_t aged = 0;  // MAC entries removed by the ageing sweep the advance triggered
  static constexpr auto fields() {
    return std::tuple{required("now_s", &ClockResult::now_s), required("aged", &ClockResult::aged)};
  }
};

// ---- the method table ----------------------------------------------------------------

inline constexpr Method<HelloParams, HelloResult> kHello{"api.hello",
                                                         "API version handshake; call first"};
inline constexpr Method<Empty, SwitchInfo> kSwitchInfo{"switch.info", "version, cores, options"};
inline constexpr Method<PortAddParams, PortInfo> kPortAdd{"port.add", "add a port"};
inline constexpr Method<NameParams, Empty> kPortDel{"port.del", "remove a port"};
inline constexpr Method<Empty, PortList> kPortList{"port.list", "list ports"};
inline constexpr Method<PortSetParams, PortInfo> kPortSet{
    "port.set", "change a port's admin state, bridge, cross-connect or MAC limit and lock"};
inline constexpr Method<VlanSetParams, PortInfo> kVlanSet{"vlan.set", "set a port's VLAN mode"};
inline constexpr Method<BridgeAddParams, BridgeInfo> kBridgeAdd{"bridge.add", "add a bridge"};
inline constexpr Method<BridgeDelParams, Empty> kBridgeDel{"bridge.del", "remove a bridge"};
inline constexpr Method<Empty, BridgeList> kBridgeList{"bridge.list", "list bridges"};
inline constexpr Method<MacListParams, MacList> kMacList{"mac.list", "list MAC table entries"};
inline constexpr Method<MacAddParams, MacEntry> kMacAdd{"mac.add", "add a static MAC entry"};
inline constexpr Method<MacDelParams, Empty> kMacDel{"mac.del", "remove a MAC entry"};
inline constexpr Method<MacFlushParams, CountResult> kMacFlush{"mac.flush",
                                                               "remove learned MAC entries"};
inline constexpr Method<Empty, PmdList> kPmdList{"pmd.list",
                                                 "PMD threads, their queues and busy cycles"};
inline constexpr Method<Empty, RebalanceResult> kPmdRebalance{
    "pmd.rebalance", "reassign receive queues to PMDs by measured cycles"};
inline constexpr Method<StatsParams, StatsResult> kStatsGet{"stats.get", "port counters"};
inline constexpr Method<StatsParams, Empty> kStatsClear{"stats.clear",
                                                        "zero counters (reader-side baseline)"};
inline constexpr Method<ClockParams, ClockResult> kDebugClock{
    "debug.clock", "advance the switch's clock (only with --test-clock)"};

// Every method, for the dispatcher's completeness check and the golden schema file.
inline constexpr auto kAllMethods =
    std::tuple{kHello,     kSwitchInfo,   kPortAdd,    kPortDel,    kPortList,  kPortSet, kVlanSet,
               kBridgeAdd, kBridgeDel,    kBridgeList, kMacList,    kMacAdd,    kMacDel,  kMacFlush,
               kPmdList,   kPmdRebalance, kStatsGet,   kStatsClear, kDebugClock};

// {"method": {"help":..., "params": schema, "result": schema}, ...}
json api_schema();

}  // namespace nfv::api
