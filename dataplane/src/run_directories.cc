#include "nfv/dataplane/run_directories.h"

#include <unistd.h>

#include <filesystem>

#include "nfv/common/private_directory.h"
#include "nfv/common/socket_file.h"
#include "nfv/vhost/vhost_socket.h"

namespace nfv::dp {
namespace {

constexpr const char* kRunDirectory = "/run/nfv-switch";

}  // namespace

Status prepare_control_directory(const SwitchOptions& options) {
  if (options.control_socket.rfind(std::string(kRunDirectory) + "/", 0) == 0) {
    NFV_TRY(vhost::ensure_directory(kRunDirectory, 0755, "", ""));
  }
  auto parent = std::filesystem::path(options.control_socket).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  DirectoryRule rule;
  rule.owners = {0, ::geteuid()};
  rule.fix = "only root or the switch's user may write there: chown root " + dir +
             " && chmod 0755 " + dir + ", or choose another --control-socket directory";
  if (auto checked = check_private_directory(dir, rule); !checked) {
    return make_error("--control-socket: {}", checked.error().message);
  }
  return {};
}

Status prepare_vhost_directory(const SwitchOptions& options) {
  const std::string& dir = options.vhost_dir;
  uint32_t mode = options.vhost_dir_mode != 0 ? options.vhost_dir_mode : 0755;
  if (auto made = vhost::ensure_directory(dir, mode, "", ""); !made) {
    return make_error("--vhost-dir: {}", made.error().message);
  }
  auto ids = resolve_ownership(options.vhost_dir_owner, options.vhost_dir_group);
  if (!ids) return make_error("--vhost-dir-owner/--vhost-dir-group: {}", ids.error().message);
  if (auto applied = apply_ownership(dir, *ids, options.vhost_dir_mode); !applied) {
    return make_error("--vhost-dir: {}", applied.error().message);
  }
  DirectoryRule rule;
  rule.owners = {0, ::geteuid()};
  if (ids->uid != Ownership::kKeepUid) rule.owners.push_back(ids->uid);
  rule.group_writable_ok = (options.vhost_dir_mode & 0020) != 0;
  rule.fix = "chmod 0755 " + dir + " (or give --vhost-dir-mode, e.g. 2770 with --vhost-dir-group" +
             " for QEMU's group), or choose another --vhost-dir";
  if (auto checked = check_private_directory(dir, rule); !checked) {
    return make_error("--vhost-dir: {}", checked.error().message);
  }
  return {};
}

}  // namespace nfv::dp
