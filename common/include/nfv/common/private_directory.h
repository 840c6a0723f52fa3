// Directories the switch keeps its sockets in: whoever can write to one can replace a socket
// or plant a link where the switch will create one, so their owner and mode are checked at
// start.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv {

struct DirectoryRule {
  std::vector<uid_t> owners;       // allowed owners (root, the switch's user, a configured one)
  bool group_writable_ok = false;  // configured so (e.g. QEMU's group creates sockets)
  std::string fix;                 // how to make it acceptable, for the error message
};

// Pure: a directory with this owner and mode against the rule. World-writable is always
// refused. Errors name the directory, what is wrong and rule.fix.
Status check_directory_permissions(const std::string& dir, uid_t owner, uint32_t mode,
                                   const DirectoryRule& rule);

// The same for the directory on disk (not following a symbolic link at `dir` itself).
Status check_private_directory(const std::string& dir, const DirectoryRule& rule);

}  // namespace nfv
