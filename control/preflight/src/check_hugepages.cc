// Hugepages: enough free pages of the size on the node that needs them, a hugetlbfs to map
// them from, and whether the kernel arguments reserve them at boot.
#include <fmt/format.h>

#include <algorithm>

#include "checks.h"
#include "nfv/common/strings.h"
#include "nfv/config/config.h"

namespace nfv::preflight {
namespace {

bool per_node(const HostFacts& facts) {
  return std::any_of(facts.hugepages.begin(), facts.hugepages.end(),
                     [](const host::NodeHugepages& n) { return n.node.has_value(); });
}

// The pool of the need's node, or the system-wide one of a kernel without NUMA.
const host::HugepagePool* pool_for(const HostFacts& facts, const HugepageNeed& need) {
  for (const host::NodeHugepages& node : facts.hugepages) {
    if (node.node != need.node) continue;
    for (const host::HugepagePool& pool : node.pools) {
      if (pool.page_size == need.page_size) return &pool;
    }
  }
  return nullptr;
}

std::string subject_of(const HugepageNeed& need) {
  std::string size = config::page_size_name(need.page_size);
  return need.node ? fmt::format("hugepages {} on node {}", size, *need.node)
                   : fmt::format("hugepages {}", size);
}

std::string nr_path(const HugepageNeed& need) {
  std::string pool = fmt::format("hugepages-{}kB/nr_hugepages", need.page_size >> 10);
  return need.node ? fmt::format("/sys/devices/system/node/node{}/hugepages/{}", *need.node, pool)
                   : "/sys/kernel/mm/hugepages/" + pool;
}

// The kernel arguments that reserve `pages` of the size at boot (per node when it has one).
std::string boot_args(const HugepageNeed& need, uint64_t pages) {
  std::string size = config::page_size_name(need.page_size);
  return need.node ? fmt::format("hugepagesz={} hugepages={}:{}", size, *need.node, pages)
                   : fmt::format("hugepagesz={} hugepages={}", size, pages);
}

Finding shortage(const HugepageNeed& need, const host::HugepagePool* pool) {
  uint64_t free = pool != nullptr ? pool->free.value_or(0) : 0;
  uint64_t total = pool != nullptr ? pool->total : 0;
  uint64_t target = total + (need.pages - free);
  std::string message = fmt::format("{} free of {} reserved; the config needs {} ({})", free, total,
                                    need.pages, join(need.consumers, ", "));
  if (pool == nullptr) {
    return {Severity::kError, subject_of(need),
            "the kernel has no pool of this size; the config needs " +
                fmt::format("{} ({})", need.pages, join(need.consumers, ", ")),
            "",
            fmt::format("boot with {} (1G pages need a CPU with pdpe1gb), or use "
                        "hugepage_size: 2M",
                        boot_args(need, need.pages))};
  }
  return {Severity::kError, subject_of(need), message, "",
          fmt::format("echo {} > {} (now), and {} on the kernel command line (at boot)", target,
                      nr_path(need), boot_args(need, target))};
}

Finding run_time_only(const HugepageNeed& need, const host::HugepagePool& pool) {
  return {Severity::kWarning, subject_of(need),
          fmt::format("{} free of {} reserved, enough for the config ({}), but reserved at run "
                      "time only: no hugepages= for {} on the kernel command line",
                      pool.free.value_or(0), pool.total, join(need.consumers, ", "),
                      config::page_size_name(need.page_size)),
          "after a reboot they must be reserved again at run time, which fails once memory is "
          "fragmented (1G pages first): the switch or a guest then does not start",
          fmt::format("add {} to the kernel command line (GRUB_CMDLINE_LINUX in "
                      "/etc/default/grub, then update-grub)",
                      boot_args(need, std::max(pool.total, need.pages)))};
}

}  // namespace

void check_hugepages(const HostFacts& facts, const Requirements& needs, std::vector<Finding>& out) {
  if (needs.hugepages.empty()) return;
  if (!facts.hugetlbfs_mounted) {
    out.push_back({Severity::kError, "hugetlbfs", "no hugetlbfs is mounted (/proc/mounts)", "",
                   "mount -t hugetlbfs nodev /dev/hugepages (and add it to /etc/fstab)"});
  }
  for (HugepageNeed need : needs.hugepages) {
    if (!per_node(facts)) need.node.reset();  // a kernel without NUMA has one pool per size
    const host::HugepagePool* pool = pool_for(facts, need);
    if (pool == nullptr || pool->free.value_or(0) < need.pages) {
      out.push_back(shortage(need, pool));
    } else if (std::find(facts.boot_hugepage_sizes.begin(), facts.boot_hugepage_sizes.end(),
                         need.page_size) == facts.boot_hugepage_sizes.end()) {
      out.push_back(run_time_only(need, *pool));
    }
  }
}

}  // namespace nfv::preflight
