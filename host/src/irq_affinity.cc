#include "nfv/host/irq_affinity.h"

#include <algorithm>
#include <string>

#include "nfv/common/strings.h"
#include "nfv/host/cpulist.h"

namespace nfv::host {

Result<std::vector<IrqAffinity>> read_irq_affinities(const Procfs& procfs) {
  auto names = procfs.list("irq");
  if (!names) return std::move(names).error();
  std::vector<IrqAffinity> irqs;
  for (const std::string& name : *names) {
    auto irq = parse_uint(name, "irq", 0, UINT32_MAX);
    if (!irq) continue;  // default_smp_affinity
    std::string file = "irq/" + name + "/smp_affinity_list";
    auto text = procfs.read(file);
    if (!text) continue;
    auto cpus = parse_cpulist(*text, procfs.path(file).string());
    if (!cpus) return std::move(cpus).error();
    irqs.push_back({static_cast<uint32_t>(*irq), std::move(cpus).value()});
  }
  std::sort(irqs.begin(), irqs.end(),
            [](const IrqAffinity& a, const IrqAffinity& b) { return a.irq < b.irq; });
  return irqs;
}

}  // namespace nfv::host
