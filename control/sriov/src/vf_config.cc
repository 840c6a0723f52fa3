#include "nfv/sriov/vf_config.h"

#include <linux/netlink.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "nfv/common/strings.h"
#include "nfv/sriov/netlink_message.h"

namespace nfv::sriov {
namespace {

std::string vlan_text(const VfVlan& vlan) {
  return fmt::format("{} qos {}{}", vlan.id, vlan.qos,
                     vlan.proto == kVlanProto8021Q ? "" : " proto 802.1ad");
}

std::string on_off(bool value) { return value ? "on" : "off"; }

std::string explain_setlink_error(const std::string& pf_ifname, unsigned vf,
                                  const VfSettings& settings, int error,
                                  const std::string& kernel_text) {
  std::string fields = join(settings.field_names(), ", ");
  std::string detail = kernel_text.empty() ? "" : " (kernel: " + kernel_text + ")";
  switch (error) {
    case EOPNOTSUPP:
      return fmt::format("PF {}: its driver cannot set {} on VF {} (EOPNOTSUPP){}{}", pf_ifname,
                         fields, vf, detail,
                         settings.node_guid || settings.port_guid
                             ? "; VF GUIDs can be set only on InfiniBand links (a RoCE VF "
                               "derives its GID from its MAC: set the MAC instead)"
                             : "");
    case ENODEV:
      return fmt::format(
          "PF {}: no such network interface (ENODEV){}; it was renamed or its "
          "driver unbound, see `nfvctl vfs`",
          pf_ifname, detail);
    case EINVAL:
      return fmt::format(
          "PF {}: the kernel rejected {} for VF {} (EINVAL){}; check the VF "
          "index against the PF's VF count and the values",
          pf_ifname, fields, vf, detail);
    case EPERM:
      return fmt::format("PF {}: changing VF settings needs CAP_NET_ADMIN (EPERM); run as root",
                         pf_ifname);
    default:
      return fmt::format("PF {}: setting {} on VF {} failed: {}{}", pf_ifname, fields, vf,
                         std::strerror(error), detail);
  }
}

}  // namespace

Status validate_vf_settings(const VfSettings& s) {
  if (s.vlan && s.vlan->id > 4095) {
    return make_error("VLAN {} is out of range 0-4095 (0 removes the VLAN)", s.vlan->id);
  }
  if (s.vlan && s.vlan->qos > 7) return make_error("VLAN QoS {} is out of range 0-7", s.vlan->qos);
  if (s.vlan && s.vlan->proto != kVlanProto8021Q && s.vlan->proto != kVlanProto8021AD) {
    return make_error("VLAN protocol 0x{:04x} is neither 802.1Q nor 802.1ad", s.vlan->proto);
  }
  if (s.rate && s.rate->max_mbps != 0 && s.rate->max_mbps < s.rate->min_mbps) {
    return make_error("max rate {} Mbit/s is below min rate {} Mbit/s", s.rate->max_mbps,
                      s.rate->min_mbps);
  }
  return {};
}

std::vector<std::string> settings_mismatches(const VfSettings& wanted, const VfState& actual,
                                             std::vector<std::string>* unverified) {
  std::vector<std::string> mismatches;
  auto differs = [&](const char* field, const std::string& asked, const std::string& reads) {
    mismatches.push_back(fmt::format("{}: asked {}, reads {}", field, asked, reads));
  };
  // Fields a driver may leave unreported: unverified rather than wrong.
  auto compare = [&](const char* field, const auto& asked, const auto& reads, auto text) {
    if (!asked) return;
    if (!reads) {
      if (unverified) unverified->push_back(field);
    } else if (*asked != *reads) {
      differs(field, text(*asked), text(*reads));
    }
  };
  if (wanted.mac && *wanted.mac != actual.mac) {
    differs("mac", format_mac(*wanted.mac), format_mac(actual.mac));
  }
  if (wanted.vlan && *wanted.vlan != actual.vlan) {
    differs("vlan", vlan_text(*wanted.vlan), vlan_text(actual.vlan));
  }
  compare("spoofchk", wanted.spoof_check, actual.spoof_check, on_off);
  compare("trust", wanted.trust, actual.trust, on_off);
  if (wanted.link_state && *wanted.link_state != actual.link_state) {
    differs("state", std::string(link_state_name(*wanted.link_state)),
            std::string(link_state_name(actual.link_state)));
  }
  if (wanted.rate && *wanted.rate != actual.rate) {
    differs("rate", fmt::format("min {} max {}", wanted.rate->min_mbps, wanted.rate->max_mbps),
            fmt::format("min {} max {}", actual.rate.min_mbps, actual.rate.max_mbps));
  }
  compare("node_guid", wanted.node_guid, actual.node_guid, format_guid);
  compare("port_guid", wanted.port_guid, actual.port_guid, format_guid);
  return mismatches;
}

VfSettings settings_to_restore(const VfSettings& wanted, const VfState& before) {
  VfSettings restore;
  if (wanted.mac) restore.mac = before.mac;
  if (wanted.vlan) restore.vlan = before.vlan;
  if (wanted.spoof_check && before.spoof_check) restore.spoof_check = before.spoof_check;
  if (wanted.trust && before.trust) restore.trust = before.trust;
  if (wanted.link_state) restore.link_state = before.link_state;
  if (wanted.rate) restore.rate = before.rate;
  if (wanted.node_guid && before.node_guid) restore.node_guid = before.node_guid;
  if (wanted.port_guid && before.port_guid) restore.port_guid = before.port_guid;
  return restore;
}

Result<LinkVfs> VfConfigurator::query(const std::string& pf_ifname) {
  auto reply = transport_.exchange(build_get_vfs_request(transport_.next_seq(), pf_ifname));
  if (!reply) return std::move(reply).error();
  return parse_get_vfs_reply(*reply, pf_ifname);
}

Result<VfState> VfConfigurator::query_vf(const std::string& pf_ifname, unsigned vf) {
  auto link = query(pf_ifname);
  if (!link) return std::move(link).error();
  for (const VfState& state : link->vfs) {
    if (state.index == vf) return state;
  }
  return make_error(
      "PF {} reports {} VFs, none with index {}; create more with `nfvctl vf "
      "create` or check the index with `nfvctl vfs`",
      pf_ifname, link->vfs.size(), vf);
}

namespace {

struct SetlinkAck {
  int error = 0;
  std::string message;  // the extended ACK's text, if any
};

// One RTM_SETLINK and its ACK; only a transport or parse failure is an Error here.
Result<SetlinkAck> exchange_set_vf(NetlinkTransport& transport, const std::string& pf_ifname,
                                   unsigned vf, const VfSettings& settings) {
  auto reply =
      transport.exchange(build_set_vf_request(transport.next_seq(), pf_ifname, vf, settings));
  if (!reply) return std::move(reply).error();
  auto messages = netlink::split_messages(*reply);
  if (!messages) return std::move(messages).error();
  for (const netlink::Message& message : *messages) {
    if (message.type != NLMSG_ERROR) continue;
    auto ack = netlink::parse_ack(message);
    if (!ack) return std::move(ack).error();
    return SetlinkAck{ack->error, ack->message};
  }
  return make_error("PF {}: no ACK for the VF {} settings", pf_ifname, vf);
}

// The fields of `restore` the VF does not hold any more (or does not report): after a refused
// request only what the kernel applied before the refusal is sent back, so the restore does not
// trip over the same refusal.
VfSettings still_to_restore(const VfSettings& restore, const VfState& now) {
  auto differs = [](const auto& previous, const auto& current) {
    return previous && (!current || *current != *previous);
  };
  VfSettings pending;
  if (restore.mac && now.mac != *restore.mac) pending.mac = restore.mac;
  if (restore.vlan && now.vlan != *restore.vlan) pending.vlan = restore.vlan;
  if (differs(restore.spoof_check, now.spoof_check)) pending.spoof_check = restore.spoof_check;
  if (differs(restore.trust, now.trust)) pending.trust = restore.trust;
  if (restore.link_state && now.link_state != *restore.link_state) {
    pending.link_state = restore.link_state;
  }
  if (restore.rate && now.rate != *restore.rate) pending.rate = restore.rate;
  if (differs(restore.node_guid, now.node_guid)) pending.node_guid = restore.node_guid;
  if (differs(restore.port_guid, now.port_guid)) pending.port_guid = restore.port_guid;
  return pending;
}

Status restore_vf_settings(NetlinkTransport& transport, const std::string& pf_ifname, unsigned vf,
                           const VfSettings& restore) {
  VfSettings pending = restore;
  if (auto now = VfConfigurator(transport).query_vf(pf_ifname, vf)) {
    pending = still_to_restore(restore, *now);
    if (pending.empty()) return {};
  }
  return send_vf_settings(transport, pf_ifname, vf, pending);
}

// What a field of a refused request reads afterwards.
enum class Seen { kAlreadyHeld, kApplied, kNotHeld, kUnreported };

template <typename T>
std::optional<Seen> seen(const std::optional<T>& asked, const std::optional<T>& was,
                         const std::optional<T>& reads) {
  if (!asked) return std::nullopt;
  if (!reads) return Seen::kUnreported;
  if (*reads != *asked) return Seen::kNotHeld;
  return was && *was == *asked ? Seen::kAlreadyHeld : Seen::kApplied;
}

// After the kernel refused `wanted`: the setting it stopped at. do_setvfinfo applies the
// attributes in this order and returns at the first error, keeping the ones before it, so that is
// the first field the VF does not hold. Empty when it cannot be told: a field before it held its
// value already (applied again, or refused?), or it is unreported with a field after it.
VfSettings refused_setting(const VfSettings& wanted, const VfState& before, const VfState& now) {
  using Copy = void (*)(const VfSettings&, VfSettings&);
  std::vector<std::pair<Seen, Copy>> fields;
  auto add = [&](std::optional<Seen> state, Copy copy) {
    if (state) fields.emplace_back(*state, copy);
  };
  auto value = [](const auto& field) { return std::optional(field); };
  add(seen(wanted.mac, value(before.mac), value(now.mac)),
      [](const VfSettings& from, VfSettings& to) { to.mac = from.mac; });
  add(seen(wanted.vlan, value(before.vlan), value(now.vlan)),
      [](const VfSettings& from, VfSettings& to) { to.vlan = from.vlan; });
  add(seen(wanted.rate, value(before.rate), value(now.rate)),
      [](const VfSettings& from, VfSettings& to) { to.rate = from.rate; });
  add(seen(wanted.spoof_check, before.spoof_check, now.spoof_check),
      [](const VfSettings& from, VfSettings& to) { to.spoof_check = from.spoof_check; });
  add(seen(wanted.link_state, value(before.link_state), value(now.link_state)),
      [](const VfSettings& from, VfSettings& to) { to.link_state = from.link_state; });
  add(seen(wanted.trust, before.trust, now.trust),
      [](const VfSettings& from, VfSettings& to) { to.trust = from.trust; });
  add(seen(wanted.node_guid, before.node_guid, now.node_guid),
      [](const VfSettings& from, VfSettings& to) { to.node_guid = from.node_guid; });
  add(seen(wanted.port_guid, before.port_guid, now.port_guid),
      [](const VfSettings& from, VfSettings& to) { to.port_guid = from.port_guid; });
  bool ambiguous = false;
  for (size_t i = 0; i < fields.size(); ++i) {
    auto [state, copy] = fields[i];
    if (state == Seen::kApplied) continue;
    if (state == Seen::kAlreadyHeld) {
      ambiguous = true;
      continue;
    }
    if (ambiguous) return {};
    if (state == Seen::kUnreported) {
      for (size_t j = i + 1; j < fields.size(); ++j) {
        if (fields[j].first == Seen::kNotHeld || fields[j].first == Seen::kUnreported) return {};
      }
    }
    VfSettings refused;
    copy(wanted, refused);
    return refused;
  }
  return {};
}

}  // namespace

Status send_vf_settings(NetlinkTransport& transport, const std::string& pf_ifname, unsigned vf,
                        const VfSettings& settings) {
  auto ack = exchange_set_vf(transport, pf_ifname, vf, settings);
  if (!ack) return std::move(ack).error();
  if (ack->error == 0) return {};
  return Error{explain_setlink_error(pf_ifname, vf, settings, ack->error, ack->message),
               ack->error};
}

Result<VfState> VfConfigurator::apply(const std::string& pf_ifname, unsigned vf,
                                      const VfSettings& settings, UndoLog& undo,
                                      const Progress& progress) {
  NFV_TRY(validate_vf_settings(settings));
  if (settings.empty()) return make_error("VF {} of {}: nothing to set", vf, pf_ifname);
  auto before = query_vf(pf_ifname, vf);
  if (!before) return std::move(before).error();
  if (progress) {
    progress(
        fmt::format("PF {}: VF {}: setting {}", pf_ifname, vf, join(settings.field_names(), ", ")));
  }
  // The undo goes in before the request: the kernel applies the attributes one after another and
  // stops at the first the driver refuses, keeping the ones before it. A refused request may
  // have changed the VF too.
  VfSettings restore = settings_to_restore(settings, *before);
  if (!restore.empty()) {
    undo.record(
        fmt::format("restore {} of VF {} on {}", join(restore.field_names(), ", "), vf, pf_ifname),
        // The inverse outlives this configurator: it holds the transport, not `this`.
        [&transport = transport_, pf_ifname, vf, restore]() {
          return restore_vf_settings(transport, pf_ifname, vf, restore);
        });
  }
  auto ack = exchange_set_vf(transport_, pf_ifname, vf, settings);
  if (!ack) return std::move(ack).error();
  if (ack->error != 0) {
    VfSettings named = settings;
    if (auto now = query_vf(pf_ifname, vf)) {
      VfSettings refused = refused_setting(settings, *before, *now);
      if (!refused.empty()) named = refused;
    }
    return Error{explain_setlink_error(pf_ifname, vf, named, ack->error, ack->message), ack->error};
  }
  auto after = query_vf(pf_ifname, vf);
  if (!after) return std::move(after).error();
  std::vector<std::string> unverified;
  auto mismatches = settings_mismatches(settings, *after, &unverified);
  if (!mismatches.empty()) {
    return make_error(
        "PF {}: VF {} did not take its settings ({}); the driver ignored them, "
        "check `ip link show {}`",
        pf_ifname, vf, join(mismatches, "; "), pf_ifname);
  }
  if (progress && !unverified.empty()) {
    progress(fmt::format("PF {}: VF {}: the driver does not report {}; not verified", pf_ifname, vf,
                         join(unverified, ", ")));
  }
  return after;
}

}  // namespace nfv::sriov
