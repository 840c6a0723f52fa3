// Mounted filesystems, from a file in /proc/mounts format (the path is the caller's).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace nfv::host {

struct Mount {
  std::string device;
  std::string mountpoint;
  std::string type;  // "hugetlbfs", "proc", ...
};

// One Mount per line with at least three fields; other lines are skipped. Pure parsing.
std::vector<Mount> parse_mounts(std::string_view text);

// True when the file lists a hugetlbfs mount; false when it lists none or cannot be read.
bool hugetlbfs_mounted(const std::filesystem::path& mounts_file);

}  // namespace nfv::host
