// A procfs tree in a fresh temporary directory, built by each test with the files the kernel
// shows under /proc: cmdline, mounts, meminfo, irq/<n>/smp_affinity_list and the threads'
// task/<tid>/{comm,schedstat}. The readers take its root() as their procfs root, as they take
// SysfsTree's as their sysfs root.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "nfv/host/sysfs.h"
#include "sysfs_tree.h"

namespace nfv::host::testing {

class ProcfsTree {
 public:
  const std::filesystem::path& root() const { return files_.root(); }
  Procfs procfs() const { return Procfs(root()); }

  void write(const std::string& relative, const std::string& text) { files_.write(relative, text); }
  void link(const std::string& relative, const std::string& target) {
    files_.link(relative, target);
  }
  // The kernel command line, as /proc/cmdline shows it.
  void cmdline(const std::string& text) { write("cmdline", text); }
  // irq/<irq>/smp_affinity_list with a CPU list ("0-3,8").
  void irq(uint32_t irq, const std::string& cpulist);
  // mounts with a hugetlbfs at /dev/hugepages (and /proc, /sys), or without one.
  void mounts(bool with_hugetlbfs);
  // meminfo's Hugepagesize line: the kernel's default hugepage size.
  void default_hugepage_size_kib(uint64_t kib);
  // <pid>/task/<tid>/comm and schedstat, the latter as given (the kernel's "run wait slices").
  void thread(int64_t pid, int64_t tid, const std::string& comm, const std::string& schedstat);

 private:
  SysfsTree files_;  // the same temporary-tree mechanics: files under a root removed at the end
};

}  // namespace nfv::host::testing
