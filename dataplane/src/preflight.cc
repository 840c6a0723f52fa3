#include "nfv/dataplane/preflight.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "nfv/common/strings.h"

namespace nfv::dp {

namespace fs = std::filesystem;

namespace {

uint64_t read_number(const fs::path& file) {
  std::ifstream in(file);
  uint64_t value = 0;
  in >> value;
  return value;
}

void read_pools_in(const fs::path& dir, int node, std::vector<HugepagePool>& out) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();  // hugepages-2048kB
    if (!starts_with(name, "hugepages-")) continue;
    auto kb = parse_uint(name.substr(10, name.size() - 12), "page size");
    if (!kb) continue;
    out.push_back(HugepagePool{node, *kb, read_number(entry.path() / "free_hugepages")});
  }
}

}  // namespace

std::vector<HugepagePool> read_hugepage_pools(const std::string& sysfs_root) {
  std::vector<HugepagePool> pools;
  std::error_code ec;
  fs::path nodes = fs::path(sysfs_root) / "devices/system/node";
  for (const auto& entry : fs::directory_iterator(nodes, ec)) {
    std::string name = entry.path().filename().string();
    if (!starts_with(name, "node")) continue;
    auto node = parse_uint(name.substr(4), "node");
    if (!node) continue;
    read_pools_in(entry.path() / "hugepages", static_cast<int>(*node), pools);
  }
  if (pools.empty()) read_pools_in(fs::path(sysfs_root) / "kernel/mm/hugepages", -1, pools);
  return pools;
}

Status check_hugepages(const std::vector<HugepagePool>& pools, const std::vector<int>& nodes,
                       uint32_t memory_mb, const std::string& sysfs_root) {
  bool per_node = std::any_of(pools.begin(), pools.end(), [](const auto& p) { return p.node >= 0; });
  for (int node : nodes) {
    uint64_t free_kb = 0;
    for (const auto& pool : pools) {
      if (!per_node || pool.node == node) free_kb += pool.free_pages * pool.page_kb;
    }
    if (free_kb / 1024 >= memory_mb) continue;
    uint64_t pages = (uint64_t{memory_mb} * 1024 + 2047) / 2048;
    std::string where = per_node ? fmt::format("{}/devices/system/node/node{}/hugepages/"
                                               "hugepages-2048kB/nr_hugepages",
                                               sysfs_root, node)
                                 : "/proc/sys/vm/nr_hugepages";
    return make_error("not enough free hugepages{}: {} MB free, --memory needs {} MB; reserve "
                      "them (echo {} > {}, or scripts/setup --hugepages {}), lower --memory, "
                      "or run with --no-huge",
                      per_node ? fmt::format(" on NUMA node {}", node) : "", free_kb / 1024,
                      memory_mb, pages, where, pages);
  }
  return {};
}

int numa_node_of_cpu(const std::string& sysfs_root, uint32_t cpu) {
  std::error_code ec;
  fs::path dir = fs::path(sysfs_root) / "devices/system/cpu" / ("cpu" + std::to_string(cpu));
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (starts_with(name, "node")) {
      if (auto node = parse_uint(name.substr(4), "node")) return static_cast<int>(*node);
    }
  }
  return 0;
}

bool hugetlbfs_mounted(const std::string& mounts_file) {
  std::ifstream in(mounts_file);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string device, mountpoint, type;
    fields >> device >> mountpoint >> type;
    if (type == "hugetlbfs") return true;
  }
  return false;
}

Status check_socket_directory(const std::string& path, const std::string& what) {
  fs::path parent = fs::path(path).parent_path();
  std::error_code ec;
  if (parent.empty() || fs::is_directory(parent, ec)) return {};
  return make_error("{}: socket directory {} does not exist; create it (mkdir -p {}) or choose "
                    "another path",
                    what, parent.string(), parent.string());
}

}  // namespace nfv::dp
