// A guest (a VM) as the appliance describes it, plain values: the config fills the desired
// side, the guest manager (libvirt, later) the observed side. Reconcile compares whole guests:
// any difference is one change step, which the manager carries out as it can.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nfv::reconcile {

// One network interface of a guest: a vhost-user port of the switch (by its switch port's
// name) or a VF (by the PF the config names, "" for any).
struct GuestInterface {
  enum class Type { kVhost, kVf };
  Type type = Type::kVhost;
  std::string name;  // vhost: the switch port; vf: the PF ("" when the config leaves it open)
  bool operator==(const GuestInterface&) const = default;
};

struct GuestState {
  std::string name;
  uint32_t vcpus = 1;
  uint64_t memory_mb = 1024;
  uint64_t hugepage_size = 0;    // bytes; 0: unknown (not compared)
  std::optional<uint32_t> numa;  // unset: wherever the manager places it
  std::vector<GuestInterface> interfaces;
  bool operator==(const GuestState&) const = default;
};

using GuestStates = std::map<std::string, GuestState>;  // by name; value.name == key

// "vcpus 2 -> 4, memory 1024 -> 2048 MB, interfaces vm1-0 -> vm1-0, vm1-1"; "" when equal.
std::string describe_guest_change(const GuestState& to, const GuestState& from);
// "vhost vm1-0" / "vf enp59s0f0" / "vf (any PF)"
std::string interface_text(const GuestInterface& interface);

}  // namespace nfv::reconcile
