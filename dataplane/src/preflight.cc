#include "nfv/dataplane/preflight.h"

#include <algorithm>
#include <filesystem>

#include "nfv/dataplane/ethdev_port.h"
#include "nfv/host/mounts.h"
#include "nfv/host/numa.h"

namespace nfv::dp {

namespace fs = std::filesystem;

namespace {

uint64_t free_bytes(const host::NodeHugepages& node) {
  uint64_t bytes = 0;
  for (const auto& pool : node.pools) bytes += pool.free.value_or(0) * pool.page_size;
  return bytes;
}

}  // namespace

std::vector<int> numa_nodes_of_cpus(const host::Sysfs& sysfs, const std::vector<uint32_t>& cpus) {
  std::vector<int> nodes;
  for (uint32_t cpu : cpus) {
    nodes.push_back(static_cast<int>(host::numa_node_of_cpu(sysfs, cpu).value_or(0)));
  }
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return nodes;
}

Status check_hugepages(const std::vector<host::NodeHugepages>& hugepages,
                       const std::vector<int>& nodes, uint32_t memory_mb,
                       const host::Sysfs& sysfs) {
  bool per_node = std::any_of(hugepages.begin(), hugepages.end(),
                              [](const auto& entry) { return entry.node.has_value(); });
  for (int node : nodes) {
    uint64_t free = 0;
    for (const auto& entry : hugepages) {
      if (!per_node || entry.node == static_cast<uint32_t>(node)) free += free_bytes(entry);
    }
    uint64_t free_mb = free >> 20;
    if (free_mb >= memory_mb) continue;
    uint64_t pages = (uint64_t{memory_mb} * 1024 + 2047) / 2048;
    std::string where = "/proc/sys/vm/nr_hugepages";
    if (per_node) {
      where = sysfs
                  .path(fmt::format("devices/system/node/node{}/hugepages/hugepages-2048kB/"
                                    "nr_hugepages",
                                    node))
                  .string();
    }
    return make_error(
        "not enough free hugepages{}: {} MB free, --memory needs {} MB; reserve "
        "them (echo {} > {}, or scripts/setup --hugepages {}), lower --memory, "
        "or run with --no-huge",
        per_node ? fmt::format(" on NUMA node {}", node) : "", free_mb, memory_mb, pages, where,
        pages);
  }
  return {};
}

Status check_socket_directory(const std::string& path, const std::string& what) {
  fs::path parent = fs::path(path).parent_path();
  std::error_code ec;
  if (parent.empty() || fs::is_directory(parent, ec)) return {};
  return make_error(
      "{}: socket directory {} does not exist; create it (mkdir -p {}) or choose "
      "another path",
      what, parent.string(), parent.string());
}

Result<HostFacts> run_preflight(const SwitchOptions& options, const host::Sysfs& sysfs,
                                const std::string& mounts) {
  HostFacts facts;
  std::vector<uint32_t> cpus = options.pmd_cores;
  cpus.push_back(options.main_core);
  facts.nodes = numa_nodes_of_cpus(sysfs, cpus);
  for (const auto& port : options.ports) {
    if (port.type == "dpdk" && is_pci_address(port.devargs)) {
      facts.pci_devices.push_back(port.devargs.substr(0, port.devargs.find(',')));
    }
    if (port.type == "vhost" && !port.path.empty()) {
      NFV_TRY(check_socket_directory(port.path, "port " + port.name));
    }
  }
  NFV_TRY(check_socket_directory(options.control_socket, "--control-socket"));
  if (options.no_huge) return facts;
  if (!host::hugetlbfs_mounted(mounts)) {
    return make_error(
        "no hugetlbfs is mounted: mount one (mount -t hugetlbfs nodev /dev/hugepages, or "
        "scripts/setup), or run with --no-huge");
  }
  auto hugepages = host::read_hugepages(sysfs);
  if (!hugepages) return std::move(hugepages).error();
  NFV_TRY(check_hugepages(*hugepages, facts.nodes, options.memory_mb, sysfs));
  return facts;
}

}  // namespace nfv::dp
