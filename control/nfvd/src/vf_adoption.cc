#include "nfv/nfvd/vf_adoption.h"

#include <algorithm>

#include "nfv/sriov/adoption.h"
#include "nfv/sriov/allocation_store.h"

namespace nfv::nfvd {

namespace fs = std::filesystem;

Result<VfAdoption> adopt_allocation_file(const sriov::Sysfs& sysfs, const fs::path& file,
                                         PersistentState& state) {
  VfAdoption outcome;
  std::error_code ec;
  if (!fs::exists(file, ec)) return outcome;
  auto records = sriov::AllocationStore(file).load();
  if (!records) return std::move(records).error();
  sriov::AdoptionReport report = sriov::reconcile_allocations(sysfs, *records);
  for (const sriov::Allocation& record : report.adopted) {
    bool known = std::any_of(state.vf_allocations.begin(), state.vf_allocations.end(),
                             [&](const sriov::Allocation& a) { return a.device == record.device; });
    if (known) continue;
    state.vf_allocations.push_back(record);
    outcome.adopted.push_back(fmt::format("{} for {} ({})", record.device.str(), record.owner,
                                          sriov::purpose_name(record.purpose)));
  }
  for (const sriov::StaleAllocation& stale : report.dropped) {
    outcome.dropped.push_back(stale.record.device.str() + ": " + stale.reason);
  }
  return outcome;
}

Status retire_allocation_file(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return {};
  fs::rename(file, fs::path(file.string() + kAdoptedSuffix), ec);
  if (ec) {
    return make_error(
        "cannot rename {} after adopting it into nfvd's state: {}; move it away "
        "by hand, nfvd's state.json is now the record",
        file.string(), ec.message());
  }
  return {};
}

}  // namespace nfv::nfvd
