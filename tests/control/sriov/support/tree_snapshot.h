// A full recursive picture of a directory tree (paths, file contents, symlink targets), to prove
// a rollback left a tree byte-identical to before.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace nfv::sriov::testing {

// Relative path -> "dir", "file:<content>" or "link:<target>".
using TreeSnapshot = std::map<std::string, std::string>;

TreeSnapshot take_snapshot(const std::filesystem::path& root);
// The differences, one per line ("+ added", "- removed", "~ changed"); empty when identical.
std::string snapshot_diff(const TreeSnapshot& before, const TreeSnapshot& after);

}  // namespace nfv::sriov::testing
