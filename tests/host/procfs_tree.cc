#include "procfs_tree.h"

namespace nfv::host::testing {

void ProcfsTree::irq(uint32_t irq, const std::string& cpulist) {
  write("irq/" + std::to_string(irq) + "/smp_affinity_list", cpulist);
}

void ProcfsTree::mounts(bool with_hugetlbfs) {
  std::string text =
      "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
      "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0";
  if (with_hugetlbfs) text += "\nhugetlbfs /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0";
  write("mounts", text);
}

void ProcfsTree::default_hugepage_size_kib(uint64_t kib) {
  write("meminfo", "MemTotal:       65536000 kB\nHugepagesize:       " + std::to_string(kib) +
                       " kB\nHugetlb:               0 kB");
}

void ProcfsTree::thread(int64_t pid, int64_t tid, const std::string& comm,
                        const std::string& schedstat) {
  std::string dir = std::to_string(pid) + "/task/" + std::to_string(tid);
  write(dir + "/comm", comm);
  write(dir + "/schedstat", schedstat);
}

}  // namespace nfv::host::testing
