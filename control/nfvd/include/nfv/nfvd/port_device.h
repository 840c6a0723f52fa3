// A port's `device` as the switch wants it: a PCI address. The config may name the NIC by its
// netdev (`device: eth4`); sysfs says which PCI function that is (class/net/<name>/device
// links to it). The sysfs root is the caller's, so tests use a tree of their own.
#pragma once

#include <string>

#include "nfv/common/result.h"
#include "nfv/host/sysfs.h"

namespace nfv::nfvd {

// "3b:00.0" and "0000:3B:00.0" -> "0000:3b:00.0"; "eth4" -> the PCI address of eth4's device.
// Errors say what is wrong with the name (no such interface, not backed by a PCI device) and
// how to fix it; the caller prefixes the config's position.
Result<std::string> resolve_port_device(const host::Sysfs& sysfs, const std::string& device);

}  // namespace nfv::nfvd
