#include "nfv/host/mounts.h"

#include <fstream>
#include <sstream>

namespace nfv::host {

std::vector<Mount> parse_mounts(std::string_view text) {
  std::vector<Mount> mounts;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    Mount mount;
    if (fields >> mount.device >> mount.mountpoint >> mount.type) mounts.push_back(mount);
  }
  return mounts;
}

bool hugetlbfs_mounted(const std::filesystem::path& mounts_file) {
  std::ifstream in(mounts_file);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  for (const Mount& mount : parse_mounts(text.str())) {
    if (mount.type == "hugetlbfs") return true;
  }
  return false;
}

}  // namespace nfv::host
