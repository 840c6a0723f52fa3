#include "tree_snapshot.h"

#include <fstream>
#include <sstream>

namespace nfv::sriov::testing {

namespace fs = std::filesystem;

TreeSnapshot take_snapshot(const fs::path& root) {
  TreeSnapshot snapshot;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    std::string relative = fs::relative(it->path(), root).string();
    if (it->is_symlink()) {
      snapshot[relative] = "link:" + fs::read_symlink(it->path()).string();
    } else if (it->is_directory()) {
      snapshot[relative] = "dir";
    } else {
      std::ifstream in(it->path());
      std::stringstream content;
      content << in.rdbuf();
      snapshot[relative] = "file:" + content.str();
    }
  }
  return snapshot;
}

std::string snapshot_diff(const TreeSnapshot& before, const TreeSnapshot& after) {
  std::string diff;
  for (const auto& [path, what] : before) {
    auto found = after.find(path);
    if (found == after.end()) {
      diff += "- " + path + " (" + what + ")\n";
    } else if (found->second != what) {
      diff += "~ " + path + ": " + what + " -> " + found->second + "\n";
    }
  }
  for (const auto& [path, what] : after) {
    if (before.count(path) == 0) diff += "+ " + path + " (" + what + ")\n";
  }
  return diff;
}

}  // namespace nfv::sriov::testing
