// Socket files: never deleted while something listens on them, handed to the right owner.
#include "nfv/common/socket_file.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "nfv/common/log.h"
#include "nfv/common/strings.h"
#include "nfv/common/unique_fd.h"

namespace nfv {

Result<uid_t> resolve_user(const std::string& user) {
  if (auto id = parse_uint(user, "user", 0, UINT32_MAX - 1)) return static_cast<uid_t>(*id);
  passwd pw{};
  passwd* found = nullptr;
  char buffer[4096];
  if (getpwnam_r(user.c_str(), &pw, buffer, sizeof(buffer), &found) != 0 || found == nullptr) {
    return make_error("unknown user '{}'", user);
  }
  return pw.pw_uid;
}

Result<gid_t> resolve_group(const std::string& group) {
  if (auto id = parse_uint(group, "group", 0, UINT32_MAX - 1)) return static_cast<gid_t>(*id);
  struct group gr {};
  struct group* found = nullptr;
  char buffer[4096];
  if (getgrnam_r(group.c_str(), &gr, buffer, sizeof(buffer), &found) != 0 || found == nullptr) {
    return make_error("unknown group '{}'", group);
  }
  return gr.gr_gid;
}

Result<Ownership> resolve_ownership(const std::string& owner, const std::string& group) {
  Ownership ids;
  if (!owner.empty()) {
    auto resolved = resolve_user(owner);
    if (!resolved) return std::move(resolved).error();
    ids.uid = *resolved;
  }
  if (!group.empty()) {
    auto resolved = resolve_group(group);
    if (!resolved) return std::move(resolved).error();
    ids.gid = *resolved;
  }
  return ids;
}

Status apply_ownership(const std::string& path, const Ownership& ids, uint32_t mode) {
  bool chown_wanted = ids.uid != Ownership::kKeepUid || ids.gid != Ownership::kKeepGid;
  if (!chown_wanted && mode == 0) return {};
  // O_PATH|O_NOFOLLOW opens a planted symlink itself, never its target; both changes then go
  // through this descriptor, so the file checked is the file changed.
  UniqueFd fd(::open(path.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) return make_error("{}: cannot open: {}", path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return make_error("{}: stat: {}", path, std::strerror(errno));
  if (S_ISLNK(st.st_mode)) {
    return make_error(
        "{} is a symbolic link: its owner and mode are left alone (something replaced the "
        "file; check who can write to {})",
        path, std::filesystem::path(path).parent_path().string());
  }
  if (chown_wanted && ::fchownat(fd.get(), "", ids.uid, ids.gid, AT_EMPTY_PATH) != 0) {
    return make_error("{}: chown to {}:{} failed: {}", path, ids.uid, ids.gid,
                      std::strerror(errno));
  }
  // fchmod() refuses O_PATH descriptors; /proc/self/fd/N names exactly the opened file.
  std::string by_fd = "/proc/self/fd/" + std::to_string(fd.get());
  if (mode != 0 && ::chmod(by_fd.c_str(), mode) != 0) {
    return make_error("{}: chmod {:o} failed: {}", path, mode, std::strerror(errno));
  }
  // The kernel drops the set-group-ID bit silently for a process outside the file's group
  // without CAP_FSETID: a directory meant to give QEMU's sockets its group would not.
  if (mode != 0 && ::fstat(fd.get(), &st) == 0 && (st.st_mode & 07777) != mode) {
    return make_error(
        "{}: chmod {:o} left mode {:o}: the set-group-ID bit needs CAP_FSETID when this process "
        "is not in the file's group (give the capability, see systemd/README.md)",
        path, mode, st.st_mode & 07777);
  }
  return {};
}

Status apply_ownership(const std::string& path, const std::string& owner, const std::string& group,
                       uint32_t mode) {
  auto ids = resolve_ownership(owner, group);
  if (!ids) return make_error("{}: {}", path, ids.error().message);
  return apply_ownership(path, *ids, mode);
}

Status prepare_server_path(const std::string& path) {
  sockaddr_un addr{};
  if (path.size() >= sizeof(addr.sun_path)) {
    return make_error("socket path {} is {} bytes; unix sockets allow {}: use a shorter path", path,
                      path.size(), sizeof(addr.sun_path) - 1);
  }
  std::filesystem::path p(path);
  std::error_code ec;
  auto parent = p.parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    return make_error(
        "socket directory {} does not exist; create it (mkdir -p {}) or choose another path",
        parent.string(), parent.string());
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return {};  // free
  if (!S_ISSOCK(st.st_mode)) {
    return make_error("{} exists and is not a socket; remove it or choose another path", path);
  }
  // Non-blocking: a listener that never accepts (full backlog) must not hang the switch.
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) {
    return make_error("cannot check whether something listens on {}: socket(): {}", path,
                      std::strerror(errno));
  }
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    return make_error("socket {} is in use: another process listens on it (another switch?)", path);
  }
  int error = errno;
  if (error == ENOENT) return {};  // removed meanwhile: free
  if (error == EAGAIN || error == EWOULDBLOCK) {
    return make_error(
        "socket {} is in use: a process listens on it but does not accept connections ({}); "
        "stop that process or choose another path",
        path, std::strerror(error));
  }
  if (error != ECONNREFUSED) {
    // Only "connection refused" proves that nothing listens; anything else keeps the file.
    return make_error(
        "cannot tell whether something listens on socket {} (connect: {}); it is left in "
        "place: check its permissions, remove it if it is stale, or choose another path",
        path, std::strerror(error));
  }
  log::info("removing stale socket {} (nothing listens on it)", path);
  if (::unlink(path.c_str()) != 0) {
    return make_error("cannot remove stale socket {}: {}", path, std::strerror(errno));
  }
  return {};
}

}  // namespace nfv
