#include "sriov/views.h"

#include "nfv/common/strings.h"

namespace nfv::nfvctl {

using cli::json;
using sriov::Allocation;
using sriov::PciDevice;

json optional_json(const std::optional<int>& value) { return value ? json(*value) : json(nullptr); }
json optional_json(const std::optional<unsigned>& value) {
  return value ? json(*value) : json(nullptr);
}
json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

namespace {

std::string cell(const json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

std::string on_off_cell(const json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "on" : "off";
  return cell(value);
}

std::string owner_cell(const json& row) {
  if (row["owner"].is_null()) return "-";
  return row["owner"].get<std::string>() + " (" + row["purpose"].get<std::string>() + ")";
}

json device_json(const PciDevice& device, const std::vector<Allocation>& allocations) {
  json row;
  row["bdf"] = device.address.str();
  row["driver"] = text_or_null(device.driver);
  row["iommu_group"] = optional_json(device.iommu_group);
  row["numa_node"] = optional_json(device.numa_node);
  row["vendor_device"] = device.vendor_device();
  row["netdevs"] = device.netdevs;
  row["owner"] = nullptr;
  row["purpose"] = nullptr;
  for (const Allocation& a : allocations) {
    if (a.device != device.address) continue;
    row["owner"] = a.owner;
    row["purpose"] = std::string(sriov::purpose_name(a.purpose));
  }
  return row;
}

}  // namespace

json stale_json(const sriov::StaleAllocation& stale) {
  return {
      {"bdf", stale.record.device.str()}, {"owner", stale.record.owner}, {"reason", stale.reason}};
}

json inventory_json(const sriov::Inventory& inventory) {
  json result;
  result["pfs"] = json::array();
  for (const sriov::PhysicalFunction& pf : inventory.pfs) {
    json p;
    p["pf"] = pf.device.address.str();
    p["netdev"] = text_or_null(pf.netdev());
    p["driver"] = text_or_null(pf.device.driver);
    p["numa_node"] = optional_json(pf.device.numa_node);
    p["iommu_group"] = optional_json(pf.device.iommu_group);
    p["vendor_device"] = pf.device.vendor_device();
    p["vf_device"] = pf.vf_vendor_device();
    p["total_vfs"] = pf.total_vfs;
    p["num_vfs"] = pf.num_vfs;
    p["autoprobe"] = pf.drivers_autoprobe;
    p["vfs"] = json::array();
    for (const sriov::VirtualFunction& vf : pf.vfs) {
      json row = device_json(vf.device, inventory.allocations);
      row["index"] = vf.index;
      p["vfs"].push_back(std::move(row));
    }
    result["pfs"].push_back(std::move(p));
  }
  result["devices"] = json::array();
  for (const PciDevice& device : inventory.whole_devices) {
    result["devices"].push_back(device_json(device, inventory.allocations));
  }
  result["stale"] = json::array();
  for (const sriov::StaleAllocation& stale : inventory.stale) {
    result["stale"].push_back(stale_json(stale));
  }
  return result;
}

void render_inventory(std::ostream& out, const json& value) {
  cli::Table pfs({"PF", "NETDEV", "DRIVER", "NODE", "VFS", "AUTOPROBE", "GROUP", "VF MODEL"});
  cli::Table vfs({"PF", "VF", "BDF", "DRIVER", "GROUP", "OWNER", "NODE"});
  size_t vf_count = 0;
  for (const json& pf : value["pfs"]) {
    pfs.add({pf["pf"], cell(pf["netdev"]), cell(pf["driver"]), cell(pf["numa_node"]),
             fmt::format("{}/{}", pf["num_vfs"].get<unsigned>(), pf["total_vfs"].get<unsigned>()),
             pf["autoprobe"].get<bool>() ? "1" : "0", cell(pf["iommu_group"]), pf["vf_device"]});
    for (const json& vf : pf["vfs"]) {
      vfs.add({pf["pf"], cell(vf["index"]), vf["bdf"], cell(vf["driver"]), cell(vf["iommu_group"]),
               owner_cell(vf), cell(vf["numa_node"])});
      ++vf_count;
    }
  }
  if (value["pfs"].empty()) {
    out << "no SR-IOV physical functions found\n";
  } else {
    pfs.print(out);
  }
  if (vf_count > 0) {
    out << "\n";
    vfs.print(out);
  }
  if (!value["devices"].empty()) {
    cli::Table devices({"DEVICE", "MODEL", "DRIVER", "GROUP", "OWNER", "NODE"});
    for (const json& d : value["devices"]) {
      devices.add({d["bdf"], d["vendor_device"], cell(d["driver"]), cell(d["iommu_group"]),
                   owner_cell(d), cell(d["numa_node"])});
    }
    out << "\n";
    devices.print(out);
  }
  for (const json& stale : value["stale"]) {
    out << "\nwarning: stale allocation of " << stale["bdf"].get<std::string>() << " for "
        << stale["owner"].get<std::string>() << ": " << stale["reason"].get<std::string>()
        << " (`nfvctl vf adopt` drops it)";
  }
  if (!value["stale"].empty()) out << "\n";
}

json allocation_json(const Allocation& a) {
  json j;
  j["bdf"] = a.device.str();
  j["owner"] = a.owner;
  j["purpose"] = std::string(sriov::purpose_name(a.purpose));
  j["pf"] = a.pf ? json(a.pf->str()) : json(nullptr);
  j["vf_index"] = optional_json(a.vf_index);
  j["host_driver"] = text_or_null(a.host_driver);
  j["iommu_group"] = optional_json(a.iommu_group);
  j["numa_node"] = optional_json(a.numa_node);
  j["vendor_device"] = a.vendor_device;
  // How the consumer refers to it: a libvirt hostdev for a guest; DPDK takes the BDF.
  if (a.purpose == sriov::Purpose::kGuest) {
    j["hostdev_xml"] = sriov::libvirt_hostdev_xml(a.device);
  } else {
    j["devargs"] = a.device.str();
  }
  return j;
}

void render_allocation(std::ostream& out, const json& a) {
  out << a["bdf"].get<std::string>() << " is on vfio-pci for " << a["owner"].get<std::string>()
      << " (" << a["purpose"].get<std::string>() << "), IOMMU group " << cell(a["iommu_group"])
      << ", node " << cell(a["numa_node"]) << "\n";
  if (a.contains("hostdev_xml")) {
    out << "libvirt: " << a["hostdev_xml"].get<std::string>() << "\n";
  } else {
    out << "nfv-switch ethdev devargs: " << a["devargs"].get<std::string>() << "\n";
  }
}

json vf_state_json(const sriov::VfState& s) {
  return {{"index", s.index},
          {"mac", format_mac(s.mac)},
          {"vlan", s.vlan.id},
          {"qos", s.vlan.qos},
          {"vlan_proto", s.vlan.proto == sriov::kVlanProto8021Q ? "802.1Q" : "802.1ad"},
          {"spoofchk", s.spoof_check ? json(*s.spoof_check) : json(nullptr)},
          {"trust", s.trust ? json(*s.trust) : json(nullptr)},
          {"link_state", std::string(sriov::link_state_name(s.link_state))},
          {"min_rate", s.rate.min_mbps},
          {"max_rate", s.rate.max_mbps}};
}

void render_vf_state(std::ostream& out, const json& s) {
  out << s["bdf"].get<std::string>() << " (VF " << s["index"] << "): mac "
      << s["mac"].get<std::string>() << ", vlan " << s["vlan"] << " qos " << s["qos"]
      << (s["vlan_proto"] == "802.1Q" ? "" : " proto 802.1ad") << ", spoofchk "
      << on_off_cell(s["spoofchk"]) << ", trust " << on_off_cell(s["trust"]) << ", link-state "
      << s["link_state"].get<std::string>() << ", rate " << s["min_rate"] << "-" << s["max_rate"]
      << " Mbit/s\n";
}

}  // namespace nfv::nfvctl
