#include "nfv/common/private_directory.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace nfv {

Status check_directory_permissions(const std::string& dir, uid_t owner, uint32_t mode,
                                   const DirectoryRule& rule) {
  if (std::find(rule.owners.begin(), rule.owners.end(), owner) == rule.owners.end()) {
    return make_error("directory {} is owned by uid {}, not by root or the switch's user: {}", dir,
                      owner, rule.fix);
  }
  if ((mode & S_IWOTH) != 0) {
    return make_error("directory {} is world-writable (mode {:04o}): {}", dir, mode & 07777,
                      rule.fix);
  }
  if ((mode & S_IWGRP) != 0 && !rule.group_writable_ok) {
    return make_error("directory {} is group-writable (mode {:04o}): {}", dir, mode & 07777,
                      rule.fix);
  }
  return {};
}

Status check_private_directory(const std::string& dir, const DirectoryRule& rule) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) {
    return make_error("directory {}: {}", dir, std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) {
    return make_error("{} is not a directory (a symbolic link?): {}", dir, rule.fix);
  }
  return check_directory_permissions(dir, st.st_uid, st.st_mode, rule);
}

}  // namespace nfv
