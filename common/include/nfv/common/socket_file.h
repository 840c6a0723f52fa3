// Unix socket files of a server: a path is checked before bind (a live socket is refused, a
// stale one removed) and the file is handed to the right owner, group and mode after it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "nfv/common/result.h"

namespace nfv {

// Server pre-flight for a socket path: the path must fit sun_path and its directory exist.
// An existing socket file is removed only when connecting to it fails with ECONNREFUSED
// (nothing listens); a live listener, a non-socket, or any other doubt is an error naming the
// path and the errno, and the file stays.
Status prepare_server_path(const std::string& path);

// Owner and group as ids; the "keep" values leave that part unchanged.
struct Ownership {
  static constexpr uid_t kKeepUid = static_cast<uid_t>(-1);
  static constexpr gid_t kKeepGid = static_cast<gid_t>(-1);
  uid_t uid = kKeepUid;
  gid_t gid = kKeepGid;
};

// A name or a numeric id; an unknown name is an error naming it.
Result<uid_t> resolve_user(const std::string& user);
Result<gid_t> resolve_group(const std::string& group);
// "" keeps that part; an unknown name is an error naming it.
Result<Ownership> resolve_ownership(const std::string& owner, const std::string& group);

// chown (unless both ids are "keep") and chmod (unless mode is 0) of the file at `path` itself:
// a symbolic link there is an error and neither it nor its target is changed.
Status apply_ownership(const std::string& path, const Ownership& ids, uint32_t mode);
Status apply_ownership(const std::string& path, const std::string& owner, const std::string& group,
                       uint32_t mode);

}  // namespace nfv
