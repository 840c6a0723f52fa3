// Unix stream sockets for tests of socket files and servers: bound listeners, and whether a
// path exists.
#pragma once

#include <sys/un.h>

#include <string>

#include "nfv/common/unique_fd.h"

namespace nfv::testing {

bool path_exists(const std::string& path);  // lstat: a socket file counts
sockaddr_un unix_address(const std::string& path);
// A socket bound to `path`; listening with `backlog` unless it is negative.
UniqueFd bound_socket(const std::string& path, int backlog);

}  // namespace nfv::testing
