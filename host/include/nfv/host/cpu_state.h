// Which CPUs exist, run, and are kept from the scheduler, as sysfs lists them under
// devices/system/cpu: present, online, isolated (isolcpus) and nohz_full.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/host/sysfs.h"

namespace nfv::host {

struct CpuState {
  std::vector<uint32_t> present;
  std::vector<uint32_t> online;
  // nullopt when the kernel has no such file (nohz_full needs CONFIG_NO_HZ_FULL).
  std::optional<std::vector<uint32_t>> isolated;
  std::optional<std::vector<uint32_t>> nohz_full;
};

// present and online must be readable; isolated and nohz_full may be missing ("(null)" is none).
Result<CpuState> read_cpu_state(const Sysfs& sysfs);

}  // namespace nfv::host
