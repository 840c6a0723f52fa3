#include "nfv/host/hugepages.h"

#include <algorithm>
#include <string>

#include "nfv/common/strings.h"
#include "nfv/host/numa.h"

namespace nfv::host {
namespace {

constexpr std::string_view kPrefix = "hugepages-";
constexpr std::string_view kSuffix = "kB";

std::string node_dir(uint32_t node) {
  return "devices/system/node/node" + std::to_string(node) + "/hugepages";
}

// The pools of one hugepages directory (a node's or the system-wide one), ascending page size.
Result<std::vector<HugepagePool>> read_pools(const Sysfs& sysfs, const std::string& dir) {
  auto names = sysfs.list(dir);
  if (!names) return std::move(names).error();
  std::vector<HugepagePool> pools;
  for (const std::string& name : *names) {
    auto page_size = parse_hugepage_dir_name(name);
    if (!page_size) continue;
    auto total = sysfs.read_uint(dir + "/" + name + "/nr_hugepages");
    if (!total) return std::move(total).error();
    HugepagePool pool{*page_size, *total, {}};
    if (auto free = sysfs.read_uint(dir + "/" + name + "/free_hugepages")) pool.free = *free;
    pools.push_back(pool);
  }
  std::sort(pools.begin(), pools.end(),
            [](const HugepagePool& a, const HugepagePool& b) { return a.page_size < b.page_size; });
  return pools;
}

}  // namespace

std::optional<uint64_t> parse_hugepage_dir_name(std::string_view name) {
  if (!starts_with(name, kPrefix) || name.size() <= kPrefix.size() + kSuffix.size() ||
      name.substr(name.size() - kSuffix.size()) != kSuffix) {
    return std::nullopt;
  }
  auto kib = parse_uint(name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size()),
                        "page size", 1, UINT64_MAX / 1024);
  if (!kib) return std::nullopt;
  return *kib * 1024;
}

Result<std::vector<HugepagePool>> read_node_hugepages(const Sysfs& sysfs, uint32_t node) {
  std::string dir = node_dir(node);
  if (!sysfs.exists(dir)) {
    return make_error("NUMA node {}: {} missing (kernel without NUMA or hugetlb support?)", node,
                      sysfs.path(dir).string());
  }
  return read_pools(sysfs, dir);
}

Result<std::vector<NodeHugepages>> read_hugepages(const Sysfs& sysfs) {
  auto ids = read_numa_node_ids(sysfs);
  if (!ids) return std::move(ids).error();
  std::vector<NodeHugepages> nodes;
  bool any_pool = false;
  for (uint32_t id : *ids) {
    if (!sysfs.exists(node_dir(id))) continue;
    auto pools = read_node_hugepages(sysfs, id);
    if (!pools) return std::move(pools).error();
    any_pool = any_pool || !pools->empty();
    nodes.push_back({id, std::move(*pools)});
  }
  if (any_pool) return nodes;
  NodeHugepages system;
  if (sysfs.exists("kernel/mm/hugepages")) {
    auto pools = read_pools(sysfs, "kernel/mm/hugepages");
    if (!pools) return std::move(pools).error();
    system.pools = std::move(*pools);
  }
  return std::vector<NodeHugepages>{std::move(system)};
}

}  // namespace nfv::host
