#include "nfv/sriov/adoption.h"

#include <algorithm>

#include "nfv/sriov/iommu_group.h"

namespace nfv::sriov {
namespace {

// Why the record no longer describes the host, or empty when it still does.
std::string stale_reason(const Sysfs& sysfs, const Allocation& record) {
  auto device = read_pci_device(sysfs, record.device);
  if (!device) {
    return fmt::format(
        "device {} no longer exists (its PF's VFs were removed or the device was "
        "unplugged)",
        record.device.str());
  }
  if (device->driver != kVfioPciDriver) {
    return fmt::format(
        "device {} is on {}, not vfio-pci: it was handed back outside "
        "nfv-appliance",
        record.device.str(), device->driver.empty() ? "no driver" : device->driver);
  }
  if (record.pf && device->physfn != record.pf) {
    return fmt::format("device {} is no longer a VF of PF {}", record.device.str(),
                       record.pf->str());
  }
  return "";
}

}  // namespace

AdoptionReport reconcile_allocations(const Sysfs& sysfs, const std::vector<Allocation>& records) {
  AdoptionReport report;
  for (const Allocation& record : records) {
    bool duplicate =
        std::any_of(report.adopted.begin(), report.adopted.end(),
                    [&](const Allocation& kept) { return kept.device == record.device; });
    if (duplicate) {
      report.dropped.push_back(
          {record,
           fmt::format("device {} is recorded twice; kept the first record", record.device.str())});
      continue;
    }
    std::string reason = stale_reason(sysfs, record);
    if (reason.empty()) {
      report.adopted.push_back(record);
    } else {
      report.dropped.push_back({record, std::move(reason)});
    }
  }
  return report;
}

}  // namespace nfv::sriov
