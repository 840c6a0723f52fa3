// Device interrupts on the CPUs of PMDs and pinned vCPUs: each one steals the CPU from the
// poll loop. The fix moves them to the CPUs the config leaves to the host.
#include <fmt/format.h>

#include <algorithm>

#include "checks.h"
#include "nfv/common/strings.h"

namespace nfv::preflight {
namespace {

bool intersects(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  return std::any_of(a.begin(), a.end(),
                     [&](uint32_t cpu) { return std::binary_search(b.begin(), b.end(), cpu); });
}

// Online CPUs the config does not keep for itself: where interrupts belong.
std::vector<uint32_t> host_cpus(const HostFacts& facts, const std::vector<uint32_t>& kept) {
  std::vector<uint32_t> cpus;
  for (uint32_t cpu : facts.cpus.online) {
    if (!std::binary_search(kept.begin(), kept.end(), cpu)) cpus.push_back(cpu);
  }
  return cpus;
}

std::string fix_for(const std::vector<uint32_t>& irqs, const std::vector<uint32_t>& targets) {
  if (targets.empty()) {
    return "no online CPU is left for interrupts: keep housekeeping CPUs "
           "(host.housekeeping_cpus) out of the PMDs and guests";
  }
  std::vector<std::string> numbers;
  for (uint32_t irq : irqs) numbers.push_back(std::to_string(irq));
  std::string list = format_id_list(targets);
  return fmt::format(
      "for irq in {}; do echo {} > /proc/irq/$irq/smp_affinity_list; done; and keep "
      "irqbalance off the CPUs the config keeps (IRQBALANCE_BANNED_CPULIST) or stop it",
      join(numbers, " "), list);
}

}  // namespace

void check_irqs(const HostFacts& facts, const Requirements& needs, std::vector<Finding>& out) {
  std::vector<uint32_t> targets = host_cpus(facts, needed_cpus(needs));
  for (const CpuNeed& need : needs.cpus) {
    std::vector<uint32_t> irqs;
    for (const host::IrqAffinity& irq : facts.irqs) {
      if (intersects(need.cpus, irq.cpus)) irqs.push_back(irq.irq);
    }
    if (irqs.empty()) continue;
    std::vector<std::string> numbers;
    for (uint32_t irq : irqs) numbers.push_back(std::to_string(irq));
    out.push_back({Severity::kWarning, need.subject,
                   fmt::format("device interrupts may run there: IRQ {} (smp_affinity_list)",
                               join(numbers, ", ")),
                   "each interrupt stops the poll loop: latency spikes and drops at high rates",
                   fix_for(irqs, targets)});
  }
}

}  // namespace nfv::preflight
