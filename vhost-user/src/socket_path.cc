// Socket files and directories: created with safe permissions, handed to QEMU's user when
// asked, and never deleted while something listens on them.
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
#include "nfv/vhost/vhost_socket.h"

namespace nfv::vhost {

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

Status apply_ownership(const std::string& path, const std::string& owner,
                       const std::string& group, uint32_t mode) {
  uid_t uid = static_cast<uid_t>(-1);
  gid_t gid = static_cast<gid_t>(-1);
  if (!owner.empty()) {
    auto resolved = resolve_user(owner);
    if (!resolved) return make_error("{}: {}", path, resolved.error().message);
    uid = *resolved;
  }
  if (!group.empty()) {
    auto resolved = resolve_group(group);
    if (!resolved) return make_error("{}: {}", path, resolved.error().message);
    gid = *resolved;
  }
  if ((uid != static_cast<uid_t>(-1) || gid != static_cast<gid_t>(-1)) &&
      ::chown(path.c_str(), uid, gid) != 0) {
    return make_error("{}: chown to {}:{} failed: {}", path, owner, group, std::strerror(errno));
  }
  if (mode != 0 && ::chmod(path.c_str(), mode) != 0) {
    return make_error("{}: chmod {:o} failed: {}", path, mode, std::strerror(errno));
  }
  return {};
}

Status ensure_directory(const std::string& dir, uint32_t mode, const std::string& owner,
                        const std::string& group) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return make_error("cannot create directory {}: {}; create it or choose another", dir,
                        ec.message());
    }
    NFV_TRY(apply_ownership(dir, owner, group, mode));
  } else if (!std::filesystem::is_directory(dir, ec)) {
    return make_error("{} exists and is not a directory", dir);
  }
  return {};
}

Status prepare_server_path(const std::string& path) {
  sockaddr_un addr{};
  if (path.size() >= sizeof(addr.sun_path)) {
    return make_error("socket path {} is {} bytes; unix sockets allow {}: use a shorter path",
                      path, path.size(), sizeof(addr.sun_path) - 1);
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
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (fd.valid() && ::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    return make_error("socket {} is in use: another process listens on it (another switch?)",
                      path);
  }
  log::info("removing stale socket {} (nothing listens on it)", path);
  if (::unlink(path.c_str()) != 0) {
    return make_error("cannot remove stale socket {}: {}", path, std::strerror(errno));
  }
  return {};
}

}  // namespace nfv::vhost
