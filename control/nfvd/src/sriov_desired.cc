// sriov[] as desired state, and the host's SR-IOV state as observed.
#include <cctype>

#include "nfv/common/strings.h"
#include "nfv/nfvd/sriov_host.h"
#include "nfv/sriov/discovery.h"
#include "nfv/sriov/vf_config.h"

namespace nfv::nfvd {
namespace {

using reconcile::PfState;
using reconcile::VfConfigState;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

VfConfigState wanted_vf(const config::VfSettingConfig& setting) {
  VfConfigState vf;
  if (setting.mac) vf.mac = lower(*setting.mac);
  vf.vlan = setting.vlan;
  if (setting.qos) vf.qos = setting.qos;
  vf.spoof_check = setting.spoof_check;
  vf.trust = setting.trust;
  vf.max_rate = setting.max_rate;
  vf.driver = setting.driver;
  return vf;
}

VfConfigState observed_vf(const sriov::VfState& state) {
  VfConfigState vf;
  vf.mac = format_mac(state.mac);
  vf.vlan = state.vlan.id;
  vf.qos = state.vlan.qos;
  vf.spoof_check = state.spoof_check;
  vf.trust = state.trust;
  vf.max_rate = state.rate.max_mbps;
  if (state.node_guid) vf.node_guid = format_guid(*state.node_guid);
  if (state.port_guid) vf.port_guid = format_guid(*state.port_guid);
  return vf;
}

Status read_settings(const SriovHost& host, const sriov::PhysicalFunction& pf, PfState& out) {
  if (host.netlink == nullptr || pf.netdev().empty()) return {};
  auto link = sriov::VfConfigurator(*host.netlink).query(pf.netdev());
  if (!link) return std::move(link).error();
  for (const sriov::VfState& state : link->vfs) {
    if (state.index >= pf.num_vfs) continue;
    VfConfigState vf = observed_vf(state);
    vf.driver = out.vf[state.index].driver;
    out.vf[state.index] = vf;
  }
  return {};
}

}  // namespace

Result<std::string> resolve_pf(const sriov::Sysfs& sysfs, const std::string& pf) {
  if (auto address = sriov::PciAddress::parse(pf)) {
    if (!sysfs.exists(host::device_path(*address))) {
      return make_error("PF {} not found under {}; check the address with `lspci -D`", pf,
                        sysfs.path("bus/pci/devices").string());
    }
    return address->str();
  }
  auto device = sysfs.link_name("class/net/" + pf + "/device");
  if (!device || device->empty()) {
    return make_error(
        "PF {}: no such network interface under {}; give the PF's PCI address or "
        "its netdev name (`ip -br link`)",
        pf, sysfs.path("class/net").string());
  }
  return *device;
}

Result<reconcile::SriovState> desired_sriov_state(const config::ApplianceConfig& config,
                                                  const PfResolver& resolve) {
  reconcile::SriovState state;
  for (size_t i = 0; i < config.sriov.size(); ++i) {
    const config::SriovPfConfig& entry = config.sriov[i];
    auto address = resolve(entry.pf);
    if (!address) {
      return config.error_at(fmt::format("sriov[{}].pf", i), address.error().message);
    }
    PfState& pf = state[*address];
    pf.vfs = entry.vfs;
    for (const config::VfSettingConfig& setting : entry.vf_settings) {
      pf.vf[setting.index] = wanted_vf(setting);
    }
  }
  return state;
}

Result<reconcile::SriovState> read_sriov_state(const SriovHost& host,
                                               const std::set<std::string>& pfs) {
  reconcile::SriovState state;
  for (const std::string& text : pfs) {
    auto address = sriov::PciAddress::parse(text);
    if (!address) return make_error("PF {}: not a PCI address", text);
    auto pf = sriov::read_physical_function(host.sysfs, *address);
    if (!pf) return std::move(pf).error();
    PfState& out = state[text];
    out.vfs = pf->num_vfs;
    for (const sriov::VirtualFunction& vf : pf->vfs) out.vf[vf.index].driver = vf.device.driver;
    NFV_TRY(read_settings(host, *pf, out));
  }
  return state;
}

}  // namespace nfv::nfvd
