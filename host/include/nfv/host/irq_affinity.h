// Where device interrupts may run: /proc/irq/<n>/smp_affinity_list of every numbered IRQ.
#pragma once

#include <cstdint>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/sysfs.h"

namespace nfv::host {

struct IrqAffinity {
  uint32_t irq = 0;
  std::vector<uint32_t> cpus;  // ascending
};

// Every numbered entry of irq/ under the procfs root, ascending by IRQ. An entry without a
// readable list is skipped (IRQs come and go while we read); an error when irq/ is missing.
Result<std::vector<IrqAffinity>> read_irq_affinities(const Procfs& procfs);

}  // namespace nfv::host
