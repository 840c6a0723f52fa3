// Directories of vhost-user sockets: created with safe permissions, handed to QEMU's user
// when asked. The socket-file helpers themselves are in nfv/common/socket_file.h.
#include <cerrno>
#include <filesystem>

#include "nfv/common/socket_file.h"
#include "nfv/vhost/vhost_socket.h"

namespace nfv::vhost {

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

}  // namespace nfv::vhost
