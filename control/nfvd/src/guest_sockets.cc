// What guests need from the host besides libvirt: vhost-user sockets and directories that
// QEMU's unprivileged user can use.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include "nfv/common/log.h"
#include "nfv/nfvd/guest_host.h"

namespace nfv::nfvd {
namespace {

constexpr mode_t kSocketMode = 0660;
// rwx for owner and group, setgid so that sockets QEMU creates keep the directory's group.
constexpr mode_t kSharedDirMode = 02770;

}  // namespace

void give_guest_sockets_to(const guests::QemuIdentity& qemu, const reconcile::GuestStates& guests,
                           reconcile::SwitchState& state) {
  if (qemu.is_root()) return;
  for (const auto& [name, guest] : guests) {
    for (const auto& interface : guest.interfaces) {
      if (interface.type != reconcile::GuestInterface::Type::kVhost) continue;
      if (interface.guest_serves_socket) continue;
      auto port = state.ports.find(interface.name);
      if (port == state.ports.end()) continue;
      port->second.spec.socket = api::SocketConfig{"", std::to_string(qemu.gid), kSocketMode};
    }
  }
}

Status open_socket_dirs_to(const guests::QemuIdentity& qemu, const reconcile::GuestStates& guests) {
  if (qemu.is_root()) return {};
  std::set<std::string> dirs;
  for (const auto& [name, guest] : guests) {
    for (const auto& interface : guest.interfaces) {
      if (interface.type == reconcile::GuestInterface::Type::kVhost &&
          interface.guest_serves_socket) {
        dirs.insert(std::filesystem::path(interface.socket).parent_path().string());
      }
    }
  }
  for (const std::string& dir : dirs) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    struct stat st {};
    if (ec || ::stat(dir.c_str(), &st) != 0) {
      return make_error(
          "vhost socket directory {}: cannot create it ({}); QEMU creates the "
          "guests' sockets there",
          dir, ec ? ec.message() : std::strerror(errno));
    }
    if (st.st_gid == qemu.gid && (st.st_mode & 07777) == kSharedDirMode) continue;
    if (::chown(dir.c_str(), static_cast<uid_t>(-1), qemu.gid) != 0 ||
        ::chmod(dir.c_str(), kSharedDirMode) != 0) {
      return make_error(
          "vhost socket directory {}: cannot give it to QEMU's group {} ({}); "
          "run: chgrp {} {} && chmod 2770 {}",
          dir, qemu.gid, std::strerror(errno), qemu.gid, dir, dir);
    }
    log::info("vhost socket directory {}: group {} (QEMU's), mode 2770", dir, qemu.gid);
  }
  return {};
}

}  // namespace nfv::nfvd
