#include "nfv/topology/sysfs_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "nfv/common/strings.h"

namespace nfv::topology {
namespace {

namespace fs = std::filesystem;

Result<uint64_t> read_number(const fs::path& file) {
  std::ifstream in(file);
  std::string text;
  if (!in || !std::getline(in, text)) return make_error("{}: cannot read", file.string());
  return parse_uint(text, file.string());
}

}  // namespace

Result<std::vector<HugepagePool>> read_node_hugepages(const std::string& sysfs_root,
                                                      uint32_t node) {
  fs::path dir =
      fs::path(sysfs_root) / "devices/system/node" / ("node" + std::to_string(node)) / "hugepages";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return make_error("NUMA node {}: {} missing (kernel without NUMA or hugetlb support?)", node,
                      dir.string());
  }
  std::vector<HugepagePool> pools;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();  // hugepages-2048kB
    if (!starts_with(name, "hugepages-") || name.size() < 13 ||
        name.substr(name.size() - 2) != "kB") {
      continue;
    }
    auto kib = parse_uint(name.substr(10, name.size() - 12), entry.path().string());
    if (!kib) return std::move(kib).error();
    auto total = read_number(entry.path() / "nr_hugepages");
    if (!total) return std::move(total).error();
    HugepagePool pool{*kib * 1024, *total, {}};
    if (auto free = read_number(entry.path() / "free_hugepages")) pool.free = *free;
    pools.push_back(pool);
  }
  std::sort(pools.begin(), pools.end(),
            [](const HugepagePool& a, const HugepagePool& b) { return a.page_size < b.page_size; });
  return pools;
}

Status apply_sysfs(Topology& topology, const std::string& sysfs_root) {
  for (auto& node : topology.numa_nodes) {
    // A kernel without per-node hugepage directories keeps hwloc's counts.
    if (auto pools = read_node_hugepages(sysfs_root, node.id)) node.hugepages = *pools;
  }
  fs::path pci = fs::path(sysfs_root) / "bus/pci/devices";
  for (auto& device : topology.pci_devices) {
    fs::path dir = pci / device.bdf;
    std::error_code ec;
    if (!fs::exists(dir, ec)) continue;
    fs::path physfn = dir / "physfn";
    if (fs::is_symlink(physfn, ec)) {
      device.is_vf = true;
      device.physical_function = fs::read_symlink(physfn, ec).filename().string();
      continue;
    }
    if (device.kind != DeviceKind::kNic) continue;
    auto total = read_number(dir / "sriov_totalvfs");
    device.sriov_total_vfs = total ? static_cast<uint32_t>(*total) : 0;
  }
  return ok_status();
}

}  // namespace nfv::topology
