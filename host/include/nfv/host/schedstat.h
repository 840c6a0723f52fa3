// How long each thread of a process ran and how long it waited, runnable, for a CPU: the
// kernel's per-task scheduler statistics (/proc/<pid>/task/<tid>/schedstat and comm). A guest
// whose vCPU threads wait a large share of the time is starved of CPU, not slow: the loss
// attribution tells the two apart with these numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::host {

// The three numbers of a schedstat file: "<run ns> <wait ns> <timeslices>".
struct SchedStat {
  uint64_t run_ns = 0;   // time spent on a CPU
  uint64_t wait_ns = 0;  // time spent runnable on a run queue, waiting for a CPU
  uint64_t timeslices = 0;
  bool operator==(const SchedStat&) const = default;
};

struct ThreadSched {
  int64_t tid = 0;
  std::string comm;  // the thread's name: "CPU 0/KVM" for a QEMU vCPU thread
  uint64_t run_ns = 0;
  uint64_t wait_ns = 0;
  uint64_t timeslices = 0;
  int32_t cpu = -1;  // the CPU it last ran on (`stat`'s processor field); -1: not known
  bool operator==(const ThreadSched&) const = default;
};

// Parses one schedstat file's content (pure). Anything but three unsigned decimal numbers that
// fit 64 bits is an error naming `what`.
Result<SchedStat> parse_schedstat(std::string_view text, std::string_view what);
// The processor field (the 39th) of a /proc/PID/task/TID/stat line (pure); the name in
// parentheses may hold spaces and parentheses, so fields are counted after the last ')'.
std::optional<int32_t> parse_stat_processor(std::string_view text);

// Every thread of process `pid` under the procfs root ("/proc" on a server, a test's tree
// elsewhere), ascending by tid. Threads exit while we read: a thread whose files vanished or
// hold garbage is skipped, never an error. An error (code ENOENT) when the process itself is
// gone, or when `pid` is not positive.
Result<std::vector<ThreadSched>> read_thread_schedstats(const std::string& proc_root, int64_t pid);

// The vCPU number of a QEMU vCPU thread ("CPU 3/KVM" or "CPU 3/TCG" -> 3); nullopt for any
// other thread name (pure).
std::optional<unsigned> qemu_vcpu_index(std::string_view comm);

// The threads that tell whether a guest gets its CPUs (pure): its QEMU vCPU threads when the
// process has any, otherwise every thread (a DPDK virtio-user peer, a container's process).
std::vector<ThreadSched> guest_cpu_threads(std::vector<ThreadSched> threads);

}  // namespace nfv::host
