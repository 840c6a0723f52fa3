#include "nfv/host/schedstat.h"

#include <algorithm>
#include <cerrno>
#include <charconv>

#include "nfv/common/strings.h"
#include "nfv/host/sysfs.h"

namespace nfv::host {

namespace {

// Plain decimal only: the kernel prints schedstat with %llu, so "0x10" or "+1" is garbage.
std::optional<uint64_t> decimal_u64(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int64_t> task_id(std::string_view name) {
  auto value = decimal_u64(name);
  if (!value || *value == 0 || *value > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(*value);
}

// One thread's files; nullopt when they vanished (the thread exited) or hold garbage.
std::optional<ThreadSched> read_thread(const Procfs& procfs, const std::string& task_dir,
                                       int64_t tid) {
  std::string dir = task_dir + "/" + std::to_string(tid);
  auto schedstat = procfs.read(dir + "/schedstat");
  if (!schedstat) return std::nullopt;
  auto stat = parse_schedstat(*schedstat, dir + "/schedstat");
  if (!stat) return std::nullopt;
  auto comm = procfs.read(dir + "/comm");
  if (!comm) return std::nullopt;
  ThreadSched thread;
  thread.tid = tid;
  thread.comm = *comm;
  thread.run_ns = stat->run_ns;
  thread.wait_ns = stat->wait_ns;
  thread.timeslices = stat->timeslices;
  if (auto line = procfs.read(dir + "/stat")) thread.cpu = parse_stat_processor(*line).value_or(-1);
  return thread;
}

}  // namespace

Result<SchedStat> parse_schedstat(std::string_view text, std::string_view what) {
  std::vector<std::string> fields;
  for (const std::string& field : split(trim(text), ' ')) {
    if (!field.empty()) fields.push_back(field);
  }
  if (fields.size() != 3) {
    return make_error("{}: '{}' is not '<run ns> <wait ns> <timeslices>'", what, trim(text));
  }
  SchedStat stat;
  uint64_t* targets[] = {&stat.run_ns, &stat.wait_ns, &stat.timeslices};
  for (size_t i = 0; i < fields.size(); ++i) {
    auto value = decimal_u64(fields[i]);
    if (!value) {
      return make_error("{}: '{}' is not an unsigned 64-bit number", what, fields[i]);
    }
    *targets[i] = *value;
  }
  return stat;
}

std::optional<int32_t> parse_stat_processor(std::string_view text) {
  auto close = text.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  constexpr size_t kProcessorAfterName = 36;  // field 39; fields after ')' start at 3
  size_t field = 0;
  std::string_view rest = text.substr(close + 1);
  while (!rest.empty()) {
    auto start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    auto end = std::min(rest.find(' '), rest.size());
    if (field == kProcessorAfterName) {
      auto value = decimal_u64(trim(rest.substr(0, end)));
      if (!value || *value > 1u << 20) return std::nullopt;
      return static_cast<int32_t>(*value);
    }
    rest.remove_prefix(end);
    ++field;
  }
  return std::nullopt;
}

Result<std::vector<ThreadSched>> read_thread_schedstats(const std::string& proc_root, int64_t pid) {
  if (pid <= 0) return make_error_code(EINVAL, "process id {} is not a process", pid);
  Procfs procfs(proc_root);
  std::string task_dir = std::to_string(pid) + "/task";
  auto names = procfs.list(task_dir);
  if (!names) {
    return make_error_code(names.error().code, "process {}: cannot list its threads in {}: {}", pid,
                           procfs.path(task_dir).string(), names.error().message);
  }
  std::vector<int64_t> tids;
  for (const std::string& name : *names) {
    if (auto tid = task_id(name)) tids.push_back(*tid);
  }
  std::sort(tids.begin(), tids.end());
  std::vector<ThreadSched> threads;
  for (int64_t tid : tids) {
    if (auto thread = read_thread(procfs, task_dir, tid)) threads.push_back(std::move(*thread));
  }
  return threads;
}

std::optional<unsigned> qemu_vcpu_index(std::string_view comm) {
  constexpr std::string_view kPrefix = "CPU ";
  if (!comm.starts_with(kPrefix)) return std::nullopt;
  comm.remove_prefix(kPrefix.size());
  auto slash = comm.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view accelerator = comm.substr(slash + 1);
  if (accelerator != "KVM" && accelerator != "TCG") return std::nullopt;
  auto index = decimal_u64(comm.substr(0, slash));
  if (!index || *index > UINT32_MAX) return std::nullopt;
  return static_cast<unsigned>(*index);
}

std::vector<ThreadSched> guest_cpu_threads(std::vector<ThreadSched> threads) {
  std::vector<ThreadSched> vcpus;
  for (const ThreadSched& thread : threads) {
    if (qemu_vcpu_index(thread.comm)) vcpus.push_back(thread);
  }
  return vcpus.empty() ? threads : vcpus;
}

}  // namespace nfv::host
