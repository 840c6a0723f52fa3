#include "nfv/host/socket_peers.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "nfv/common/unique_fd.h"

namespace nfv::host {

namespace {

std::optional<uint64_t> decimal(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "socket:[12345]" -> 12345.
std::optional<uint64_t> socket_inode(std::string_view link) {
  constexpr std::string_view kPrefix = "socket:[";
  if (!link.starts_with(kPrefix) || !link.ends_with(']')) return std::nullopt;
  return decimal(link.substr(kPrefix.size(), link.size() - kPrefix.size() - 1));
}

// The socket file at `path` as unix_diag names it; nullopt when there is none.
std::optional<UnixSocketFile> socket_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISSOCK(st.st_mode)) return std::nullopt;
  // The kernel's dev_t encoding (MKDEV: major << 20 | minor), not glibc's.
  auto dev = static_cast<uint32_t>((major(st.st_dev) << 20) | minor(st.st_dev));
  return UnixSocketFile{dev, static_cast<uint32_t>(st.st_ino)};
}

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};
using DirPtr = std::unique_ptr<DIR, DirCloser>;

// Whether process `pid_dir` (an fd of /proc/<pid>) holds one of `inodes`.
bool holds_any(int pid_dir, const std::unordered_set<uint64_t>& inodes) {
  int fd_dir = ::openat(pid_dir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_dir < 0) return false;  // exited, or a kernel thread
  DirPtr dir(::fdopendir(fd_dir));
  if (!dir) {
    ::close(fd_dir);
    return false;
  }
  char target[64];
  while (dirent* entry = ::readdir(dir.get())) {
    ssize_t n = ::readlinkat(fd_dir, entry->d_name, target, sizeof target);
    if (n <= 0 || static_cast<size_t>(n) >= sizeof target) continue;
    auto inode = socket_inode(std::string_view(target, static_cast<size_t>(n)));
    if (inode && inodes.count(*inode)) return true;
  }
  return false;
}

}  // namespace

std::unordered_set<uint64_t> connection_inodes(const std::vector<UnixSocketInfo>& sockets,
                                               const std::string& socket_path,
                                               const std::optional<UnixSocketFile>& file) {
  std::unordered_map<uint32_t, const UnixSocketInfo*> by_inode;
  for (const UnixSocketInfo& socket : sockets) by_inode[socket.inode] = &socket;
  auto bound_to_path = [&](const UnixSocketInfo& socket) {
    if (file && socket.file) return *socket.file == *file;
    return socket.name && *socket.name == socket_path;
  };
  std::unordered_set<uint64_t> inodes;
  for (const UnixSocketInfo& socket : sockets) {
    if (socket.state == kUnixStateListen || !socket.peer || !bound_to_path(socket)) continue;
    if (!by_inode.count(*socket.peer)) continue;  // the other end is closed
    inodes.insert(socket.inode);
    inodes.insert(*socket.peer);
  }
  return inodes;
}

Result<std::vector<int64_t>> pids_holding_sockets(const std::string& proc_root,
                                                  const std::unordered_set<uint64_t>& inodes) {
  std::vector<int64_t> pids;
  if (inodes.empty()) return pids;
  DirPtr proc(::opendir(proc_root.c_str()));
  if (!proc) {
    int err = errno;
    return make_error_code(err, "cannot list processes in {}: {}", proc_root, std::strerror(err));
  }
  while (dirent* entry = ::readdir(proc.get())) {
    auto pid = decimal(entry->d_name);
    if (!pid || *pid == 0 || *pid > static_cast<uint64_t>(INT64_MAX)) continue;
    UniqueFd pid_dir(
        ::openat(::dirfd(proc.get()), entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (pid_dir.valid() && holds_any(pid_dir.get(), inodes)) {
      pids.push_back(static_cast<int64_t>(*pid));
    }
  }
  std::sort(pids.begin(), pids.end());
  return pids;
}

Result<std::vector<int64_t>> unix_socket_peer_pids(const std::string& proc_root,
                                                   const std::string& socket_path,
                                                   int64_t exclude_pid) {
  auto sockets = dump_unix_sockets();
  if (!sockets) return std::move(sockets).error();
  auto inodes = connection_inodes(*sockets, socket_path, socket_file(socket_path));
  auto pids = pids_holding_sockets(proc_root, inodes);
  if (!pids) return std::move(pids).error();
  std::erase(*pids, exclude_pid);
  return pids;
}

}  // namespace nfv::host
