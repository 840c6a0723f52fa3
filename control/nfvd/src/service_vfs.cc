// nfvd.vfs: the host's PFs and VFs, those nfvd manages against the config last applied.
#include <fmt/format.h>

#include "method_errors.h"
#include "nfv/config/parse.h"
#include "nfv/nfvd/service.h"
#include "nfv/nfvd/vf_views.h"
#include "nfv/reconcile/sriov_reconcile.h"
#include "nfv/sriov/discovery.h"

namespace nfv::nfvd {
Result<reconcile::SriovState> Service::desired_sriov(const config::ApplianceConfig& config) const {
  sriov::Sysfs sysfs(options_.sysfs_root);
  return desired_sriov_state(config, [&](const std::string& pf) { return resolve_pf(sysfs, pf); });
}

Result<reconcile::SriovState> Service::applied_sriov() const {
  if (!persistent_.has_config()) return reconcile::SriovState{};
  auto parsed = config::parse_config(persistent_.config_text, persistent_.config_path);
  if (!parsed) return std::move(parsed).error();
  return desired_sriov(*parsed);
}

Result<api::NfvdVfList> Service::vfs() {
  auto desired = applied_sriov();
  if (!desired) return failed("the config last applied: " + desired.error().message);
  auto host_pfs = sriov::discover_physical_functions(sriov::Sysfs(options_.sysfs_root));
  if (!host_pfs) return failed("reading the host's PFs: " + host_pfs.error().message);
  // Managed PFs with their VF settings; the others (foreign) by count and drivers alone.
  std::set<std::string> managed, foreign, present;
  for (const auto& pf : *host_pfs) present.insert(pf.device.address.str());
  for (const auto& pf : present) {
    bool ours = desired->contains(pf) || persistent_.owned.pfs.contains(pf);
    (ours ? managed : foreign).insert(pf);
  }
  SriovHost host = sriov_host();
  auto observed = read_sriov_state(host, managed);
  if (!observed) return failed("reading SR-IOV state: " + observed.error().message);
  std::vector<reconcile::Step> steps =
      reconcile::reconcile_sriov(*desired, *observed, persistent_.owned.pfs);
  auto others = read_sriov_state(SriovHost{host.sysfs, nullptr, nullptr}, foreign);
  if (!others) return failed("reading SR-IOV state: " + others.error().message);
  observed->merge(*others);
  VfAddresses addresses = read_vf_addresses(host.sysfs, present);
  api::NfvdVfList list;
  list.config_path = persistent_.config_path;
  list.vfs = vf_views({*desired, *observed, persistent_.owned.pfs, steps, addresses});
  return list;
}

}  // namespace nfv::nfvd
