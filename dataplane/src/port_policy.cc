// The control socket's port policy, pure: no file is looked at here (see port_policy_disk.cc).
#include "nfv/dataplane/port_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "api_error.h"
#include "nfv/host/pci_address.h"

namespace nfv::dp {
namespace {

namespace fs = std::filesystem;

Error refused(std::string message) {
  return api_error(api::ErrorCode::kInvalidParams, std::move(message));
}

bool starts_with_driver(std::string_view device, std::string_view driver) {
  return device.substr(0, driver.size()) == driver;
}

// A NIC the operator bound to vfio-pci ("0000:3b:02.0[,key=value...]").
bool is_pci_device(const std::string& devargs) {
  return host::PciAddress::parse(std::string_view(devargs).substr(0, devargs.find(','))).ok();
}

// EAL finds a vdev's driver by the prefix of the device name (net_tap0 -> net_tap); bus
// prefixes ("vdev:") and key=value device syntax ("bus=vdev,...") are refused over the socket
// so that the name seen here is the name EAL matches.
Status check_devargs(const std::string& port, const std::string& devargs,
                     const PortPolicy& policy) {
  if (is_pci_device(devargs)) return {};
  std::string_view device = std::string_view(devargs).substr(0, devargs.find(','));
  bool plain = !device.empty() && std::all_of(device.begin(), device.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
  if (!plain) {
    return refused(fmt::format(
        "port {}: device '{}' is neither a PCI address nor a plain vdev name such as net_ring0",
        port, device));
  }
  auto allows = [&](std::string_view driver) { return starts_with_driver(device, driver); };
  if (std::any_of(kInProcessVdevDrivers.begin(), kInProcessVdevDrivers.end(), allows) ||
      std::any_of(policy.allowed_vdevs.begin(), policy.allowed_vdevs.end(), allows)) {
    return {};
  }
  std::string allowed = "net_null, net_ring";
  for (const auto& driver : policy.allowed_vdevs) allowed += ", " + driver;
  return refused(fmt::format(
      "port {}: vdev '{}' is not allowed over the control socket (allowed: PCI addresses, {}); "
      "drivers that touch host files, interfaces or sockets need nfv-switch --allow-vdev "
      "DRIVER, or the port on nfv-switch's command line",
      port, device, allowed));
}

Status check_vhost_path(const std::string& port, const std::string& path,
                        const PortPolicy& policy) {
  if (!fs::path(path).is_absolute()) {
    return refused(fmt::format("port {}: vhost socket path '{}' must be absolute", port, path));
  }
  for (const auto& dir : policy.vhost_dirs) {
    if (path_inside(path, dir)) return {};
  }
  std::string normal = fs::path(path).lexically_normal().string();
  return refused(fmt::format(
      "port {}: vhost socket path {} is outside the vhost directory {}; use a path in it, or "
      "start nfv-switch with --allow-vhost-dir {}",
      port, normal, policy.vhost_dirs.empty() ? "(none)" : policy.vhost_dirs.front(),
      fs::path(normal).parent_path().string()));
}

}  // namespace

bool valid_vdev_driver_name(std::string_view name) {
  auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  };
  return !name.empty() && name.size() <= 32 && name[0] >= 'a' && name[0] <= 'z' &&
         std::all_of(name.begin(), name.end(), allowed);
}

bool path_inside(const std::string& path, const std::string& dir) {
  fs::path p = fs::path(path).lexically_normal();
  fs::path d = fs::path(dir).lexically_normal();
  if (!p.is_absolute() || !d.is_absolute()) return false;
  if (!d.has_filename()) d = d.parent_path();  // "/a/b/" -> "/a/b"
  auto rel = p.lexically_relative(d);
  return !rel.empty() && rel != "." && *rel.begin() != "..";
}

Status check_port_policy(const PortSpec& spec, const PortPolicy& policy) {
  if (spec.type == PortType::kDpdk) return check_devargs(spec.name, spec.dpdk.devargs, policy);
  return check_vhost_path(spec.name, spec.vhost.path, policy);
}

}  // namespace nfv::dp
