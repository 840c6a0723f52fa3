// A guest (a VM) as the appliance describes it, plain values: the config fills the desired
// side, the guest manager (libvirt, later) the observed side. Reconcile compares whole guests:
// any difference is one change step, which the manager carries out as it can.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::reconcile {

// One network interface of a guest: a vhost-user port of the switch (by its switch port's
// name) or a VF (by the PF the config names, "" for any).
struct GuestInterface {
  enum class Type { kVhost, kVf };
  Type type = Type::kVhost;
  std::string name;  // vhost: the switch port; vf: the PF ("" when the config leaves it open)
  std::string mac;   // the guest's MAC on it
  // vhost: the socket, and whether QEMU creates it (the switch connects, in client mode).
  std::string socket;
  bool guest_serves_socket = true;
  uint32_t queues = 1;
  uint32_t ring_size = 1024;
  uint32_t vlan = 0;   // vf: the PF tags and strips it for the guest
  std::string vf_bdf;  // vf: the VF handed to the guest ("" until one is assigned)
  bool operator==(const GuestInterface&) const = default;
};

// A GPU passed through, with the NIC VF paired with it for GPUDirect RDMA (AI guests).
struct GuestGpu {
  std::string gpu;          // the GPU's PCI address on the host
  std::string nic_vf;       // the paired VF's PCI address on the host; "" without a NIC
  std::string pcie_class;   // how far apart they are on the host: "PIX" .. "SYS"; "" no NIC
  std::string pcie_switch;  // PIX: the host PCIe switch they share (upstream port); else ""
  bool operator==(const GuestGpu&) const = default;
};

struct GuestBoot {
  std::string kernel, initrd, cmdline;  // direct kernel boot
  std::string disk;                     // or a disk image
  bool operator==(const GuestBoot&) const = default;
};

struct GuestState {
  std::string name;
  uint32_t vcpus = 1;
  uint64_t memory_mb = 1024;
  uint64_t hugepage_size = 0;    // bytes; 0: unknown (not compared)
  bool memfd = false;            // shared anonymous memory instead of hugepages
  std::optional<uint32_t> numa;  // unset: wherever the manager places it
  std::vector<GuestInterface> interfaces;
  GuestBoot boot;
  // Where the planner put it: vCPU i on vcpu_cpus[i] when pinned, else floating over them
  // (empty: anywhere); QEMU's own threads on emulator_cpus (empty: anywhere).
  bool vcpus_pinned = false;
  std::vector<uint32_t> vcpu_cpus;
  std::vector<uint32_t> emulator_cpus;
  std::vector<GuestGpu> gpus;  // passed through, each with its paired NIC VF
  bool operator==(const GuestState&) const = default;
};

using GuestStates = std::map<std::string, GuestState>;  // by name; value.name == key

// The guest as JSON (what the domain's metadata records), and back: the text may come from
// outside (libvirt), so reading it names the field that is wrong.
std::string guest_to_json_text(const GuestState& guest);
Result<GuestState> guest_from_json_text(const std::string& text);

// "vcpus 2 -> 4, memory 1024 -> 2048 MB, interfaces vm1-0 -> vm1-0, vm1-1"; "" when equal.
std::string describe_guest_change(const GuestState& to, const GuestState& from);
// "0000:34:00.0" / "0000:34:00.0+0000:35:00.2 (PIX)"
std::string gpu_text(const GuestGpu& gpu);
// "vhost vm1-0" / "vf enp59s0f0" / "vf (any PF)"
std::string interface_text(const GuestInterface& interface);

}  // namespace nfv::reconcile
