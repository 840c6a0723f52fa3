// Who QEMU runs as under libvirt (its DAC security label), from the capabilities XML
// (virConnectGetCapabilities): <secmodel><model>dac</model><baselabel type='kvm'>+64055:+994
// </baselabel>...). The switch's vhost-user sockets and their directory are made usable by it.
#pragma once

#include <cstdint>
#include <string>

#include "nfv/common/result.h"

namespace nfv::guests {

struct QemuIdentity {
  uint32_t uid = 0;
  uint32_t gid = 0;
  // Root (or no DAC label): sockets and directories need nothing changed for it.
  bool is_root() const { return uid == 0 && gid == 0; }
};

// `domain_type`: "kvm" or "qemu" (TCG). An error when the XML has no DAC label for it (then
// QEMU runs as root, or the security driver is "none": callers take uid 0, gid 0).
Result<QemuIdentity> qemu_identity_from_capabilities(const std::string& capabilities_xml,
                                                     const std::string& domain_type);

}  // namespace nfv::guests
