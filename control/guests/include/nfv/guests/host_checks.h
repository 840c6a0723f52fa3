// What a domain needs from the host, checked before libvirt defines it, so that a guest that
// cannot start fails with the fix rather than with QEMU's message (or a hang): free hugepages
// on the guest's node, and vhost-user socket directories that QEMU's user can write.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "nfv/common/result.h"
#include "nfv/guests/domain_spec.h"
#include "nfv/guests/qemu_identity.h"

namespace nfv::guests {

// Enough free hugepages of spec.hugepage_kb on spec.numa_node (any node when unset) for the
// guest's memory; nothing to check with memfd backing. `sysfs_root` is "/sys" but for tests.
Status check_free_hugepages(const DomainSpec& spec, const std::string& sysfs_root);

// Every NIC VF paired with a GPU is a VF on this host (it has a `physfn` link): a managed
// hostdev of a PF or of another function would take it from the host.
Status check_paired_vfs(const DomainSpec& spec, const std::string& sysfs_root);

// A directory's owner, group and permission bits (stat's st_uid, st_gid, st_mode).
struct DirectoryAccess {
  uid_t uid = 0;
  gid_t gid = 0;
  mode_t mode = 0;
};

// Whether QEMU running as `qemu` can create a socket in a directory with `access`.
bool qemu_can_create_in(const DirectoryAccess& access, const QemuIdentity& qemu);

// Every socket QEMU creates (vhost-user interfaces in QEMU server mode): its directory exists
// and QEMU's user can write it; the error gives the chown/chmod that fixes it.
Status check_socket_directories(const DomainSpec& spec, const QemuIdentity& qemu);

}  // namespace nfv::guests
