// The devices of a domain: its boot disk, the switch's vhost-user ports, VFs and GPUs passed
// through, the serial console; nothing else (no graphics, USB or balloon: a balloon would take
// back memory that vhost-user has mapped).
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "domain_xml_parts.h"
#include "nfv/guests/domain_spec.h"
#include "nfv/guests/guest_pcie_layout.h"
#include "xml_writer.h"

namespace nfv::guests {
namespace {

std::string disk_format(const BootSource& boot) {
  if (!boot.disk_format.empty()) return boot.disk_format;
  std::string_view disk = boot.disk;
  return disk.ends_with(".qcow2") ? "qcow2" : "raw";
}

void write_disk(const DomainSpec& spec, XmlWriter& xml) {
  if (spec.boot.disk.empty()) return;
  xml.open("disk", {{"type", "file"}, {"device", "disk"}});
  xml.empty("driver", {{"name", "qemu"}, {"type", disk_format(spec.boot)}});
  xml.empty("source", {{"file", spec.boot.disk}});
  xml.empty("target", {{"dev", "vda"}, {"bus", "virtio"}});
  if (spec.boot.kernel.empty()) xml.empty("boot", {{"order", "1"}});
  xml.close();
}

// "0000:3b:02.1" as libvirt's <address .../>. A malformed address is written as is (escaped)
// in every field, which libvirt's schema rejects: it never becomes another device.
XmlAttributes pci_address(const std::string& bdf) {
  size_t colon1 = bdf.find(':');
  size_t colon2 = colon1 == std::string::npos ? colon1 : bdf.find(':', colon1 + 1);
  size_t dot = colon2 == std::string::npos ? colon2 : bdf.find('.', colon2 + 1);
  if (dot == std::string::npos) {
    return {{"domain", bdf}, {"bus", bdf}, {"slot", bdf}, {"function", bdf}};
  }
  return {{"domain", "0x" + bdf.substr(0, colon1)},
          {"bus", "0x" + bdf.substr(colon1 + 1, colon2 - colon1 - 1)},
          {"slot", "0x" + bdf.substr(colon2 + 1, dot - colon2 - 1)},
          {"function", "0x" + bdf.substr(dot + 1)}};
}

// An <interface type='hostdev'>'s source address carries type='pci'; a <hostdev>'s has none
// (its type is the hostdev's): libvirt's schema wants each as it is.
void write_pci_source(const std::string& bdf, bool typed, XmlWriter& xml) {
  XmlAttributes address = pci_address(bdf);
  if (typed) address.insert(address.begin(), {"type", "pci"});
  xml.open("source");
  xml.empty("address", address);
  xml.close();
}

// The socket's mode is QEMU's side. QEMU as the client reconnects (every second) to a switch
// that restarts; as the server it keeps the socket and the switch reconnects.
void write_vhost(const VhostInterface& port, XmlWriter& xml) {
  xml.open("interface", {{"type", "vhostuser"}});
  if (!port.mac.empty()) xml.empty("mac", {{"address", port.mac}});
  XmlAttributes source{
      {"type", "unix"}, {"path", port.socket}, {"mode", port.qemu_server ? "server" : "client"}};
  if (port.qemu_server) {
    xml.empty("source", source);
  } else {
    xml.open("source", source);
    xml.empty("reconnect", {{"enabled", "yes"}, {"timeout", "1"}});
    xml.close();
  }
  xml.empty("model", {{"type", "virtio"}});
  std::string ring = std::to_string(port.ring_size);
  xml.empty(
      "driver",
      {{"queues", std::to_string(port.queues)}, {"rx_queue_size", ring}, {"tx_queue_size", ring}});
  xml.empty("alias", {{"name", vhost_alias(port.port)}});
  xml.close();
}

// A VF with a MAC or a VLAN is a hostdev <interface>: libvirt sets them on the VF through the
// PF. Without either it is a plain <hostdev>, since an <interface> would get a random MAC and
// replace the one nfvd gave the VF.
void write_vf(const VfInterface& vf, XmlWriter& xml) {
  if (vf.mac.empty() && vf.vlan == 0) {
    xml.open("hostdev", {{"mode", "subsystem"}, {"type", "pci"}, {"managed", "yes"}});
    write_pci_source(vf.bdf, false, xml);
    xml.close();
    return;
  }
  xml.open("interface", {{"type", "hostdev"}, {"managed", "yes"}});
  if (!vf.mac.empty()) xml.empty("mac", {{"address", vf.mac}});
  write_pci_source(vf.bdf, true, xml);
  if (vf.vlan != 0) {
    xml.open("vlan");
    xml.empty("tag", {{"id", std::to_string(vf.vlan)}});
    xml.close();
  }
  xml.close();
}

XmlAttributes guest_address(uint32_t bus, uint32_t slot, uint32_t function = 0,
                            bool multifunction = false) {
  XmlAttributes address{{"type", "pci"},
                        {"domain", "0x0000"},
                        {"bus", fmt::format("0x{:02x}", bus)},
                        {"slot", fmt::format("0x{:02x}", slot)},
                        {"function", fmt::format("0x{:x}", function)}};
  if (multifunction) address.emplace_back("multifunction", "on");
  return address;
}

void write_controller(uint32_t index, const char* model, const XmlAttributes& address,
                      XmlWriter& xml) {
  xml.open("controller", {{"type", "pci"}, {"index", std::to_string(index)}, {"model", model}});
  xml.empty("address", address);
  xml.close();
}

// The ports of the layout, in index order (libvirt wants each controller's bus defined). A
// root port at function 0 says multifunction when more of ours share its slot.
void write_pcie_controllers(const GuestPcieLayout& layout, XmlWriter& xml) {
  xml.empty("controller", {{"type", "pci"}, {"index", "0"}, {"model", "pcie-root"}});
  for (size_t g = 0; g < layout.groups.size(); ++g) {
    const GuestPcieGroup& group = layout.groups[g];
    bool shared_slot = group.root_port_function == 0 && g + 1 < layout.groups.size() &&
                       layout.groups[g + 1].root_port_slot == group.root_port_slot;
    write_controller(group.root_port, "pcie-root-port",
                     guest_address(0, group.root_port_slot, group.root_port_function, shared_slot),
                     xml);
    if (!group.has_switch) continue;
    write_controller(group.upstream_port, "pcie-switch-upstream-port",
                     guest_address(group.root_port, 0), xml);
    for (size_t k = 0; k < group.downstream_ports.size(); ++k) {
      write_controller(group.downstream_ports[k], "pcie-switch-downstream-port",
                       guest_address(group.upstream_port, static_cast<uint32_t>(k)), xml);
    }
  }
}

void write_passed_through(const GuestPciDevice& device, XmlWriter& xml) {
  xml.open("hostdev", {{"mode", "subsystem"}, {"type", "pci"}, {"managed", "yes"}});
  write_pci_source(device.host_bdf, false, xml);
  xml.empty("address", guest_address(device.bus, 0));
  xml.close();
}

// One serial port (ttyS0) and the console on it. With a socket, QEMU listens there (a console
// tool connects) and virtlogd also appends the output to the log; else the log file alone.
void write_console(const DomainSpec& spec, XmlWriter& xml) {
  std::string type = !spec.console_socket.empty() ? "unix"
                     : !spec.console_log.empty()  ? "file"
                                                  : "pty";
  XmlAttributes source;
  if (type == "unix") source = {{"mode", "bind"}, {"path", spec.console_socket}};
  if (type == "file") source = {{"path", spec.console_log}, {"append", "on"}};
  xml.open("serial", {{"type", type}});
  if (!source.empty()) xml.empty("source", source);
  if (type == "unix" && !spec.console_log.empty()) {
    xml.empty("log", {{"file", spec.console_log}, {"append", "on"}});
  }
  xml.empty("target", {{"port", "0"}});
  xml.close();
  xml.open("console", {{"type", type}});
  if (!source.empty()) xml.empty("source", source);
  xml.empty("target", {{"type", "serial"}, {"port", "0"}});
  xml.close();
}

}  // namespace

void write_devices(const DomainSpec& spec, XmlWriter& xml) {
  xml.open("devices");
  write_disk(spec, xml);
  for (const auto& port : spec.vhost) write_vhost(port, xml);
  for (const auto& vf : spec.vfs) write_vf(vf, xml);
  if (!spec.gpus.empty()) {
    GuestPcieLayout layout = guest_pcie_layout(spec.gpus);
    write_pcie_controllers(layout, xml);
    for (const auto& group : layout.groups) {
      for (const auto& device : group.devices) write_passed_through(device, xml);
    }
  }
  write_console(spec, xml);
  xml.empty("controller", {{"type", "usb"}, {"model", "none"}});
  xml.empty("memballoon", {{"model", "none"}});
  xml.open("rng", {{"model", "virtio"}});
  xml.text("backend", "/dev/urandom", {{"model", "random"}});
  xml.close();
  xml.close();
}

bool needs_tcg_vhost_override(const DomainSpec& spec) {
  return spec.accelerator == Accelerator::kTcg && !spec.vhost.empty();
}

void write_tcg_vhost_override(const DomainSpec& spec, XmlWriter& xml) {
  xml.open("qemu:override");
  for (const auto& port : spec.vhost) {
    xml.open("qemu:device", {{"alias", vhost_alias(port.port)}});
    xml.open("qemu:frontend");
    xml.empty("qemu:property", {{"name", "vectors"}, {"type", "unsigned"}, {"value", "0"}});
    xml.close();
    xml.close();
  }
  xml.close();
}

std::string vhost_alias(const std::string& port) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string alias = "ua-";
  for (char c : port) {
    auto byte = static_cast<unsigned char>(c);
    bool kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.';
    if (kept) {
      alias += c;
    } else {
      alias += '_';
      alias += kHex[byte >> 4];
      alias += kHex[byte & 0xf];
    }
  }
  return alias;
}

}  // namespace nfv::guests
