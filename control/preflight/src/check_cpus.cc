// CPUs that PMDs and pinned vCPUs run on: they exist, are online, and are kept from the
// scheduler (isolcpus) and from its tick (nohz_full).
#include <fmt/format.h>

#include <algorithm>

#include "checks.h"
#include "nfv/common/strings.h"

namespace nfv::preflight {
namespace {

std::vector<uint32_t> outside(const std::vector<uint32_t>& cpus, const std::vector<uint32_t>& set) {
  std::vector<uint32_t> left;
  for (uint32_t cpu : cpus) {
    if (!std::binary_search(set.begin(), set.end(), cpu)) left.push_back(cpu);
  }
  return left;
}

std::string list_or_none(const std::vector<uint32_t>& cpus) {
  return cpus.empty() ? "none" : format_id_list(cpus);
}

// sysfs's list when the kernel has it, else the kernel argument.
std::vector<uint32_t> isolated_of(const HostFacts& facts) {
  return facts.cpus.isolated.value_or(facts.isolcpus);
}
std::vector<uint32_t> nohz_full_of(const HostFacts& facts) {
  return facts.cpus.nohz_full.value_or(facts.nohz_full_args);
}

// The kernel arguments that isolate every CPU the config needs, beside those isolated already.
std::string isolation_args(const HostFacts& facts, const Requirements& needs) {
  std::vector<uint32_t> cpus = needed_cpus(needs);
  std::vector<uint32_t> isolated = isolated_of(facts);
  cpus.insert(cpus.end(), isolated.begin(), isolated.end());
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  std::string list = format_id_list(cpus);
  return fmt::format("isolcpus={0} nohz_full={0} rcu_nocbs={0}", list);
}

Finding unusable(const CpuNeed& need, std::string message, std::string fix) {
  return {Severity::kError, need.subject, std::move(message), "", std::move(fix)};
}

// Missing or offline CPUs: an error, nothing can run there.
bool check_present(const HostFacts& facts, const CpuNeed& need, std::vector<Finding>& out) {
  std::vector<uint32_t> missing = outside(need.cpus, facts.cpus.present);
  std::vector<uint32_t> offline = outside(need.cpus, facts.cpus.online);
  if (!missing.empty()) {
    out.push_back(unusable(need,
                           fmt::format("CPU(s) {} do not exist (present: {})",
                                       format_id_list(missing), list_or_none(facts.cpus.present)),
                           "choose CPUs that exist (switch.pmd_cpus), or let the planner choose "
                           "them (switch.pmd_cores)"));
  } else if (!offline.empty()) {
    out.push_back(
        unusable(need,
                 fmt::format("CPU(s) {} are offline (online: {})", format_id_list(offline),
                             list_or_none(facts.cpus.online)),
                 fmt::format("echo 1 > /sys/devices/system/cpu/cpu{}/online", offline.front())));
  }
  return missing.empty() && offline.empty();
}

// Not isolated, or isolated but ticking: one warning, whose fix isolates every CPU the config
// keeps. Only the first gap is reported; the fix covers both.
void check_isolation(const HostFacts& facts, const Requirements& needs, const CpuNeed& need,
                     std::vector<Finding>& out) {
  std::vector<uint32_t> shared = outside(need.cpus, isolated_of(facts));
  std::vector<uint32_t> ticking = outside(need.cpus, nohz_full_of(facts));
  std::string message;
  std::string cost;
  if (!shared.empty()) {
    message = fmt::format("CPU(s) {} not isolated from the scheduler (isolated: {})",
                          format_id_list(shared), list_or_none(isolated_of(facts)));
    cost =
        "other tasks and kernel threads run there too: latency spikes and packet loss under "
        "load";
  } else if (!ticking.empty()) {
    message = fmt::format("CPU(s) {} isolated but not nohz_full (nohz_full: {})",
                          format_id_list(ticking), list_or_none(nohz_full_of(facts)));
    cost = "the scheduler tick still interrupts them every few milliseconds: jitter";
  } else {
    return;
  }
  out.push_back({Severity::kWarning, need.subject, message, cost,
                 "add " + isolation_args(facts, needs) + " to the kernel command line and reboot"});
}

}  // namespace

void check_cpus(const HostFacts& facts, const Requirements& needs, std::vector<Finding>& out) {
  for (const CpuNeed& need : needs.cpus) {
    if (check_present(facts, need, out)) check_isolation(facts, needs, need, out);
  }
}

}  // namespace nfv::preflight
