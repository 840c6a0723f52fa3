#include "nfv/host/cpulist.h"

#include "nfv/common/strings.h"

namespace nfv::host {

namespace {

// Far above any kernel's NR_CPUS: only a guard against expanding a corrupt range.
constexpr uint32_t kMaxCpuId = 1u << 16;

}  // namespace

Result<std::vector<uint32_t>> parse_cpulist(std::string_view text, std::string_view what) {
  if (trim(text).empty()) return std::vector<uint32_t>();
  return parse_id_list(trim(text), what, kMaxCpuId);
}

}  // namespace nfv::host
