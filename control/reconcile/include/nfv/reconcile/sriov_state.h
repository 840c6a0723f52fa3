// The host's SR-IOV state as reconcile sees it, plain values (the SR-IOV library fills the
// observed side, the config the desired side): per PF, by PCI address, its VF count and per VF
// the settings and driver nfvd manages. In a desired state an unset field is left alone; an
// observed state sets every field the host reports.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace nfv::reconcile {

struct VfConfigState {
  std::optional<std::string> mac;  // lower case, "52:54:00:00:00:01"
  std::optional<uint32_t> vlan;    // 0: none
  std::optional<uint32_t> qos;
  std::optional<bool> spoof_check;
  std::optional<bool> trust;
  std::optional<uint32_t> max_rate;   // Mbit/s, 0: no limit
  std::optional<std::string> driver;  // "vfio-pci"; observed: "" when unbound
  // RDMA VFs: the node and port GUIDs, "02:00:5e:10:00:00:00:01" (8 bytes, as ip-link shows)
  std::optional<std::string> node_guid;
  std::optional<std::string> port_guid;

  bool empty() const;
  bool operator==(const VfConfigState&) const = default;
};

struct PfState {
  uint32_t vfs = 0;
  std::map<uint32_t, VfConfigState> vf;  // by VF index
  bool operator==(const PfState&) const = default;
};

using SriovState = std::map<std::string, PfState>;  // by PF PCI address

// Undo of a count change re-creates the previous VFs and re-applies `vfs`' settings.
struct VfCountSpec {
  std::string pf;
  uint32_t count = 0;
  std::map<uint32_t, VfConfigState> vfs;  // restore only: settings of the VFs it re-creates
};

struct VfSpec {
  std::string pf;
  uint32_t index = 0;
  VfConfigState config;
};

// The fields of `wanted` whose value differs in `observed` (unset in `observed`: differs).
VfConfigState differing_fields(const VfConfigState& wanted, const VfConfigState& observed);
// `observed` restricted to the fields set in `fields`: what puts them back.
VfConfigState same_fields(const VfConfigState& fields, const VfConfigState& observed);
// "mac 00:00:00:00:00:00 -> 52:54:00:00:00:01, driver iavf -> vfio-pci"; `from` may be empty.
std::string describe_vf_change(const VfConfigState& to, const VfConfigState& from);

}  // namespace nfv::reconcile
