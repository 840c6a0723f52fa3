#include "nfv/nfvd/vf_views.h"

#include <fmt/format.h>

#include "nfv/reconcile/sriov_reconcile.h"
#include "nfv/sriov/discovery.h"

namespace nfv::nfvd {
namespace {

using reconcile::ObjectKind;
using reconcile::PfState;
using reconcile::VfConfigState;

// "mac 52:54:00:00:00:01, vlan 100, trust on": the fields set, the driver left to its column.
std::string settings_text(VfConfigState settings) {
  settings.driver.reset();
  return reconcile::describe_vf_change(settings, {});
}

bool managed(const VfsSeen& seen, const std::string& pf) {
  return seen.desired.contains(pf) || seen.owned_pfs.contains(pf);
}

// The plan's steps for it; a foreign PF's VFs are no apply's business.
std::string state_of(const VfsSeen& seen, const std::string& pf, ObjectKind kind,
                     const std::string& name) {
  if (!managed(seen, pf)) return "left as it is";
  std::string planned = planned_for(seen.steps, kind, name);
  return planned.empty() ? "in sync" : planned;
}

api::NfvdVf count_row(const VfsSeen& seen, const std::string& pf, const PfState* wanted,
                      const PfState* found) {
  api::NfvdVf row;
  row.name = pf;
  row.owner = managed(seen, pf) ? "nfvd" : "foreign";
  row.desired = wanted != nullptr;
  row.observed = found != nullptr;
  if (wanted) row.wanted = fmt::format("{} VFs", wanted->vfs);
  if (found) row.host = fmt::format("{} VFs", found->vfs);
  row.state = state_of(seen, pf, ObjectKind::kVfs, pf);
  return row;
}

api::NfvdVf vf_row(const VfsSeen& seen, const std::string& pf, uint32_t index,
                   const PfState* wanted, const PfState* found) {
  api::NfvdVf row;
  row.name = reconcile::vf_name(pf, index);
  row.owner = managed(seen, pf) ? "nfvd" : "foreign";
  row.desired = wanted != nullptr && index < wanted->vfs;
  row.observed = found != nullptr && index < found->vfs;
  if (auto it = seen.addresses.find(pf); row.observed && it != seen.addresses.end()) {
    if (auto vf = it->second.find(index); vf != it->second.end()) row.address = vf->second;
  }
  if (row.desired) {
    auto settings = wanted->vf.find(index);
    if (settings != wanted->vf.end()) {
      row.wanted = reconcile::describe_vf_change(settings->second, {});
    }
  }
  if (row.observed) {
    auto settings = found->vf.find(index);
    if (settings != found->vf.end()) {
      row.host = settings_text(settings->second);
      row.driver = settings->second.driver.value_or("");
    }
  }
  row.state = state_of(seen, pf, ObjectKind::kVf, row.name);
  // A VF with no step of its own still comes or goes with its PF's count.
  if (row.state == "in sync" && row.desired != row.observed) {
    row.state = row.desired ? "create: with the VF count" : "delete: with the VF count";
  }
  return row;
}

const PfState* find_pf(const reconcile::SriovState& state, const std::string& pf) {
  auto it = state.find(pf);
  return it == state.end() ? nullptr : &it->second;
}

}  // namespace

std::vector<api::NfvdVf> vf_views(const VfsSeen& seen) {
  std::set<std::string> pfs = seen.owned_pfs;
  for (const auto& [pf, state] : seen.desired) pfs.insert(pf);
  for (const auto& [pf, state] : seen.observed) pfs.insert(pf);
  std::vector<api::NfvdVf> rows;
  for (const std::string& pf : pfs) {
    const PfState* wanted = find_pf(seen.desired, pf);
    const PfState* found = find_pf(seen.observed, pf);
    rows.push_back(count_row(seen, pf, wanted, found));
    uint32_t count = std::max(wanted ? wanted->vfs : 0, found ? found->vfs : 0);
    for (uint32_t index = 0; index < count; ++index) {
      rows.push_back(vf_row(seen, pf, index, wanted, found));
    }
  }
  return rows;
}

VfAddresses read_vf_addresses(const sriov::Sysfs& sysfs, const std::set<std::string>& pfs) {
  VfAddresses addresses;
  for (const std::string& text : pfs) {
    auto address = sriov::PciAddress::parse(text);
    if (!address) continue;
    auto pf = sriov::read_physical_function(sysfs, *address);
    if (!pf) continue;
    for (const sriov::VirtualFunction& vf : pf->vfs) {
      addresses[text][vf.index] = vf.device.address.str();
    }
  }
  return addresses;
}

}  // namespace nfv::nfvd
