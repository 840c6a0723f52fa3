#include "nfv/guests/guest_pcie_layout.h"

#include <fmt/format.h>

#include <map>

namespace nfv::guests {
namespace {

using Kind = GuestPciDevice::Kind;

struct PendingGroup {
  std::string host_switch;
  std::vector<std::pair<Kind, std::string>> devices;
};

// Devices sharing a host switch stay together, in the order their GPUs come; a NIC VF paired
// with two GPUs of one switch is passed once.
std::vector<PendingGroup> group_devices(const std::vector<GpuDevice>& gpus) {
  std::vector<PendingGroup> groups;
  std::map<std::string, size_t> by_switch;
  for (const auto& gpu : gpus) {
    if (gpu.host_switch.empty() || gpu.nic_vf.empty()) {
      groups.push_back({"", {{Kind::kGpu, gpu.bdf}}});
      if (!gpu.nic_vf.empty()) groups.push_back({"", {{Kind::kNic, gpu.nic_vf}}});
      continue;
    }
    auto [it, added] = by_switch.emplace(gpu.host_switch, groups.size());
    if (added) groups.push_back({gpu.host_switch, {}});
    auto& devices = groups[it->second].devices;
    devices.emplace_back(Kind::kGpu, gpu.bdf);
    bool nic_listed = false;
    for (const auto& device : devices) nic_listed |= device.second == gpu.nic_vf;
    if (!nic_listed) devices.emplace_back(Kind::kNic, gpu.nic_vf);
  }
  return groups;
}

}  // namespace

std::string GuestPciDevice::guest_bdf() const { return fmt::format("0000:{:02x}:00.0", bus); }

std::string GuestPcieGroup::switch_bdf() const {
  return fmt::format("0000:{:02x}:00.0", root_port);
}

GuestPcieLayout guest_pcie_layout(const std::vector<GpuDevice>& gpus) {
  GuestPcieLayout layout;
  uint32_t next = 1;      // index 0 is pcie-root
  uint32_t function = 8;  // 00:01.0 is the first: slot 0 is the host bridge
  for (const PendingGroup& pending : group_devices(gpus)) {
    GuestPcieGroup group;
    group.root_port = next++;
    group.root_port_slot = function / 8;
    group.root_port_function = function % 8;
    ++function;
    group.host_switch = pending.host_switch;
    group.has_switch = !pending.host_switch.empty();
    if (group.has_switch) {
      group.upstream_port = next++;
      for (const auto& [kind, bdf] : pending.devices) {
        group.downstream_ports.push_back(next);
        group.devices.push_back({kind, bdf, next});
        ++next;
      }
    } else {
      group.devices.push_back(
          {pending.devices.front().first, pending.devices.front().second, group.root_port});
    }
    layout.groups.push_back(std::move(group));
  }
  layout.controllers = next - 1;
  return layout;
}

std::string guest_address_of(const GuestPcieLayout& layout, const std::string& host_bdf) {
  for (const auto& group : layout.groups) {
    for (const auto& device : group.devices) {
      if (device.host_bdf == host_bdf) return device.guest_bdf();
    }
  }
  return "";
}

}  // namespace nfv::guests
