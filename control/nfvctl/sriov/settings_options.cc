#include "sriov/settings_options.h"

#include "nfv/common/strings.h"

namespace nfv::nfvctl {

namespace po = boost::program_options;

namespace {

Result<bool> parse_on_off(const std::string& text, const char* option) {
  if (text == "on") return true;
  if (text == "off") return false;
  return make_error("--{} takes on or off, not '{}'", option, text);
}

Result<uint64_t> parse_guid(const std::string& text, const char* option) {
  std::string hex;
  for (char c : text) {
    if (c != ':') hex += c;
  }
  if (hex.size() != 16) {
    return make_error("--{} '{}': expected 8 bytes, e.g. 00:11:22:33:44:55:66:77", option, text);
  }
  return parse_uint("0x" + hex, std::string("--") + option);
}

// An option given as text sets the optional field through `parse`; an absent one leaves it.
template <typename T, typename Parse>
Status parse_into(const std::string& text, std::optional<T>& field, Parse parse) {
  if (text.empty()) return {};
  auto value = parse(text);
  if (!value) return std::move(value).error();
  field = *value;
  return {};
}

}  // namespace

void add_settings_options(po::options_description& options, SettingsOptions& s) {
  auto number = [](std::optional<unsigned>& field) {
    return po::value<unsigned>()->notifier([&field](unsigned v) { field = v; });
  };
  auto add = options.add_options();
  add("mac", po::value(&s.mac), "VF MAC address");
  add("vlan", number(s.vlan), "VLAN id (0 removes it)");
  add("qos", number(s.qos), "VLAN priority 0-7");
  add("vlan-proto", po::value(&s.vlan_proto)->default_value(s.vlan_proto), "802.1Q or 802.1ad");
  add("spoofchk", po::value(&s.spoofchk), "on|off: drop frames with a foreign source MAC");
  add("trust", po::value(&s.trust), "on|off: allow promiscuous mode and MAC changes in the VF");
  add("link-state", po::value(&s.state), "auto|enable|disable");
  add("min-rate", number(s.min_rate), "guaranteed Mbit/s");
  add("max-rate", number(s.max_rate), "limit in Mbit/s (0: none)");
  add("node-guid", po::value(&s.node_guid), "InfiniBand node GUID (RDMA VFs)");
  add("port-guid", po::value(&s.port_guid), "InfiniBand port GUID (RDMA VFs)");
}

Result<sriov::VfSettings> to_settings(const SettingsOptions& o, sriov::VfManager* manager,
                                      const std::optional<sriov::PciAddress>& vf) {
  sriov::VfSettings s;
  NFV_TRY(parse_into(o.mac, s.mac, parse_mac));
  if (o.vlan || o.qos) {
    uint16_t proto = o.vlan_proto == "802.1ad" ? sriov::kVlanProto8021AD : sriov::kVlanProto8021Q;
    if (o.vlan_proto != "802.1Q" && o.vlan_proto != "802.1ad") {
      return make_error("--vlan-proto takes 802.1Q or 802.1ad, not '{}'", o.vlan_proto);
    }
    if (o.vlan.value_or(0) > 4095 || o.qos.value_or(0) > 7) {
      return make_error("--vlan must be 0-4095 and --qos 0-7");
    }
    s.vlan = sriov::VfVlan{static_cast<uint16_t>(o.vlan.value_or(0)),
                           static_cast<uint8_t>(o.qos.value_or(0)), proto};
  }
  NFV_TRY(parse_into(o.spoofchk, s.spoof_check,
                     [](const std::string& t) { return parse_on_off(t, "spoofchk"); }));
  NFV_TRY(
      parse_into(o.trust, s.trust, [](const std::string& t) { return parse_on_off(t, "trust"); }));
  NFV_TRY(parse_into(o.state, s.link_state, sriov::parse_link_state));
  NFV_TRY(parse_into(o.node_guid, s.node_guid,
                     [](const std::string& t) { return parse_guid(t, "node-guid"); }));
  NFV_TRY(parse_into(o.port_guid, s.port_guid,
                     [](const std::string& t) { return parse_guid(t, "port-guid"); }));
  if (o.min_rate || o.max_rate) {
    sriov::VfRate rate;
    if (!o.min_rate || !o.max_rate) {
      if (manager == nullptr || !vf) {
        return make_error(
            "give both --min-rate and --max-rate when the VF is chosen from a "
            "pool");
      }
      auto current = manager->vf_state(*vf);
      if (!current) return std::move(current).error();
      rate = current->rate;
    }
    if (o.min_rate) rate.min_mbps = *o.min_rate;
    if (o.max_rate) rate.max_mbps = *o.max_rate;
    s.rate = rate;
  }
  return s;
}

}  // namespace nfv::nfvctl
