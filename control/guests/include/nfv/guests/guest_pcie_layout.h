// Where an AI guest's passed-through devices sit inside the guest, purely. The machine is q35;
// each group gets a pcie-root-port on the first functions of bus 0, and a group of devices
// that share a PCIe switch on the host (a GPU and its NIC VF, PIX) gets a virtual switch behind
// that port (an upstream port and one downstream port per device), so that NCCL in the guest
// sees them as close as they are. Every other device gets a root port of its own.
//
// Controller indexes are handed out depth first (root port, its upstream port, its downstream
// ports, then the next root port), which is the order guest firmware numbers buses in, and
// these root ports take 00:01.0, 00:01.1, ... without a gap: the root ports libvirt adds for
// the guest's other devices land on the next free function, after ours, so they are numbered
// after ours. A device's bus in the guest is the index of the port it sits on, known before the
// guest boots (guests_ai_layout_boot_test boots it to check). The NCCL file is written from it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nfv/guests/domain_spec.h"

namespace nfv::guests {

struct GuestPciDevice {
  enum class Kind { kGpu, kNic };
  Kind kind = Kind::kGpu;
  std::string host_bdf;
  uint32_t bus = 0;  // the guest bus: the index of the port it sits behind; slot 0, function 0

  std::string guest_bdf() const;  // "0000:03:00.0"
};

struct GuestPcieGroup {
  uint32_t root_port = 0;           // controller index (and the guest bus behind it)
  uint32_t root_port_slot = 0;      // its slot on bus 0
  uint32_t root_port_function = 0;  // and function (eight root ports to a slot)
  bool has_switch = false;
  uint32_t upstream_port = 0;              // the virtual switch's controller indexes
  std::vector<uint32_t> downstream_ports;  // one per device, in device order (slot = position)
  std::string host_switch;                 // the host switch it stands for ("" : none)
  std::vector<GuestPciDevice> devices;

  std::string switch_bdf() const;  // the upstream port's guest address: "0000:01:00.0"
};

struct GuestPcieLayout {
  std::vector<GuestPcieGroup> groups;
  uint32_t controllers = 0;  // the highest controller index used (0: pcie-root alone)
};

// Root ports taken (no guest needs more), switches take 32 ports.
inline constexpr uint32_t kMaxRootPorts = 30;
inline constexpr uint32_t kMaxSwitchPorts = 32;
inline constexpr uint32_t kMaxGuestBuses = 224;  // of 255, the rest for libvirt's own ports

GuestPcieLayout guest_pcie_layout(const std::vector<GpuDevice>& gpus);

// The guest address of the device at `host_bdf`; "" when the layout does not pass it.
std::string guest_address_of(const GuestPcieLayout& layout, const std::string& host_bdf);

}  // namespace nfv::guests
