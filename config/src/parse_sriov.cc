// sriov[]: the PFs whose VFs the appliance creates, and per-VF settings with the names of
// the SR-IOV library's VfSettings (mac, vlan, qos, spoof_check, trust, max_rate) and the
// driver a VF is handed to (vfio-pci).
#include <fmt/format.h>

#include "nfv/api/port_limits.h"
#include "parse_common.h"

namespace nfv::config::detail {
namespace {

constexpr uint64_t kMaxVfs = 4096;
constexpr uint64_t kMaxVfQos = 7;
constexpr uint64_t kMaxVfRateMbps = 400000;
constexpr const char* kVfioPci = "vfio-pci";

Status parse_vf_setting(const YamlCursor& entry, VfSettingConfig& vf) {
  YamlCursor index = entry.child("index");
  if (!index.present()) return index.error("missing (the VF number, from 0)");
  NFV_TRY(read_optional(index, vf.index, whole_number(0, kMaxVfs - 1)));
  NFV_TRY(read_optional(entry.child("mac"), vf.mac, read_unicast_mac));
  NFV_TRY(read_optional(entry.child("vlan"), vf.vlan, whole_number(0, api::kMaxVlanId)));
  YamlCursor qos = entry.child("qos");
  NFV_TRY(read_optional(qos, vf.qos, whole_number(0, kMaxVfQos)));
  if (vf.qos && vf.vlan.value_or(0) == 0) {
    return qos.error("is the priority of the VF's VLAN: give a vlan too");
  }
  NFV_TRY(read_optional(entry.child("spoof_check"), vf.spoof_check, yes_no()));
  NFV_TRY(read_optional(entry.child("max_rate"), vf.max_rate, whole_number(0, kMaxVfRateMbps)));
  YamlCursor driver = entry.child("driver");
  NFV_TRY(read_optional(driver, vf.driver, text()));
  if (vf.driver && *vf.driver != kVfioPci) {
    return driver.error(
        fmt::format("'{}' is not a driver nfvd binds; the one value is {}", *vf.driver, kVfioPci));
  }
  return read_optional(entry.child("trust"), vf.trust, yes_no());
}

Status parse_pf(const YamlCursor& entry, SriovPfConfig& pf) {
  YamlCursor device = entry.child("pf");
  if (!device.present()) return device.error("missing (the PF: a netdev name or a PCI BDF)");
  NFV_TRY(read_optional(device, pf.pf, text()));
  YamlCursor vfs = entry.child("vfs");
  if (!vfs.present()) return vfs.error("missing (how many VFs to create; 0 removes them)");
  NFV_TRY(read_optional(vfs, pf.vfs, whole_number(0, kMaxVfs)));
  return parse_list(entry.child("vf_settings"),
                    {"index", "mac", "vlan", "qos", "spoof_check", "trust", "max_rate", "driver"},
                    pf.vf_settings, parse_vf_setting);
}

}  // namespace

Status parse_sriov(const YamlCursor& at, std::vector<SriovPfConfig>& sriov) {
  return parse_list(at, {"pf", "vfs", "vf_settings"}, sriov, parse_pf);
}

}  // namespace nfv::config::detail
