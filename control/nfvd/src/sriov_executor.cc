// reconcile's vfs/vf steps on the host through the SR-IOV library: each step all or nothing
// with the library's undo log; undo() from what the step's restore recorded.
#include "nfv/common/strings.h"
#include "nfv/nfvd/sriov_host.h"
#include "nfv/sriov/driver_binding.h"
#include "nfv/sriov/iommu_group.h"
#include "nfv/sriov/vf_config.h"
#include "nfv/sriov/vf_count.h"
#include "nfv/sriov/vfio_checks.h"

namespace nfv::nfvd {
namespace {

using reconcile::ObjectKind;
using reconcile::Step;
using reconcile::VfConfigState;
using reconcile::VfCountSpec;
using reconcile::VfSpec;

Result<sriov::VfSettings> to_settings(const VfConfigState& vf) {
  sriov::VfSettings settings;
  if (vf.mac) {
    auto mac = parse_mac(*vf.mac);
    if (!mac) return std::move(mac).error();
    settings.mac = *mac;
  }
  if (vf.vlan) {
    settings.vlan =
        sriov::VfVlan{static_cast<uint16_t>(*vf.vlan), static_cast<uint8_t>(vf.qos.value_or(0))};
  }
  settings.spoof_check = vf.spoof_check;
  settings.trust = vf.trust;
  if (vf.max_rate) settings.rate = sriov::VfRate{0, *vf.max_rate};
  for (auto [text, guid] : {std::pair{&vf.node_guid, &settings.node_guid},
                            std::pair{&vf.port_guid, &settings.port_guid}}) {
    if (!*text) continue;
    auto value = parse_guid(**text);
    if (!value) return std::move(value).error();
    *guid = *value;
  }
  return settings;
}

Result<sriov::PciAddress> pci(const std::string& text) { return sriov::PciAddress::parse(text); }

// The VF's address from its PF's virtfnN link.
Result<sriov::PciAddress> vf_address(const sriov::Sysfs& sysfs, const VfSpec& spec) {
  auto pf = pci(spec.pf);
  if (!pf) return std::move(pf).error();
  auto link = sysfs.link_name(host::device_attr(*pf, "virtfn" + std::to_string(spec.index)));
  if (!link) return std::move(link).error();
  if (link->empty()) return make_error("PF {} has no VF {}", spec.pf, spec.index);
  return pci(*link);
}

// Everything VFIO needs, checked before the first write.
Status check_vfio_ready(const SriovHost& host, const sriov::PciAddress& vf, unsigned group) {
  NFV_TRY(sriov::check_vfio_pci_loaded(host.sysfs));
  auto viability = sriov::check_group_viability(host.sysfs, group, {vf});
  if (!viability) return std::move(viability).error();
  if (!viability->viable()) {
    return make_error("cannot give {} to VFIO: {}", vf.str(), viability->explain());
  }
  return host.vfio->check_available();
}

}  // namespace

Status SriovExecutor::run(const Step& step) {
  if (const auto* count = std::get_if<VfCountSpec>(&step.target)) return set_count(*count);
  if (const auto* vf = std::get_if<VfSpec>(&step.target)) return configure(*vf);
  return make_error("{}: not an SR-IOV step", reconcile::step_label(step));
}

Status SriovExecutor::undo(const Step& step) {
  if (const auto* count = std::get_if<VfCountSpec>(&step.restore)) {
    NFV_TRY(set_count(VfCountSpec{count->pf, count->count, {}}));
    for (const auto& [index, settings] : count->vfs) {
      NFV_TRY(configure(VfSpec{count->pf, index, settings}));
    }
    return {};
  }
  if (const auto* vf = std::get_if<VfSpec>(&step.restore)) return configure(*vf);
  // A VF the plan created: its settings go with it when the count step is undone; only a
  // binding must be taken back first (the kernel does not remove a VF in use).
  const auto* created = std::get_if<VfSpec>(&step.target);
  if (created == nullptr || created->config.driver != sriov::kVfioPciDriver) return {};
  VfConfigState unbound;
  unbound.driver = "";
  return configure(VfSpec{created->pf, created->index, unbound});
}

Status SriovExecutor::set_count(const VfCountSpec& spec) {
  auto pf = pci(spec.pf);
  if (!pf) return std::move(pf).error();
  sriov::UndoLog undo;
  auto result = sriov::set_vf_count(host_.sysfs, {*pf, spec.count, std::nullopt}, undo, progress_);
  if (!result) return sriov::failed_with_rollback(std::move(result).error(), undo, progress_);
  undo.commit();
  return {};
}

Status SriovExecutor::configure(const VfSpec& spec) {
  sriov::UndoLog undo;
  Status done = configure_steps(spec, undo);
  if (!done) return sriov::failed_with_rollback(std::move(done).error(), undo, progress_);
  undo.commit();
  return {};
}

// Settings first (over the PF, whatever the VF's driver), then the driver.
Status SriovExecutor::configure_steps(const VfSpec& spec, sriov::UndoLog& undo) {
  auto vf = vf_address(host_.sysfs, spec);
  if (!vf) return std::move(vf).error();
  VfConfigState settings_only = spec.config;
  settings_only.driver.reset();
  if (!settings_only.empty()) {
    if (host_.netlink == nullptr) return make_error("VF {}: settings need rtnetlink", vf->str());
    auto settings = to_settings(settings_only);
    if (!settings) return std::move(settings).error();
    auto pf = sriov::read_physical_function(host_.sysfs, *pci(spec.pf));
    if (!pf) return std::move(pf).error();
    auto applied = sriov::VfConfigurator(*host_.netlink)
                       .apply(pf->netdev(), spec.index, *settings, undo, progress_);
    if (!applied) return std::move(applied).error();
  }
  if (!spec.config.driver) return {};
  auto driver = host::read_driver(host_.sysfs, *vf);
  if (!driver) return std::move(driver).error();
  if (*driver == *spec.config.driver) return {};
  auto group = sriov::iommu_group_of(host_.sysfs, *vf);
  if (*spec.config.driver == sriov::kVfioPciDriver) {
    if (!group) return std::move(group).error();
    NFV_TRY(check_vfio_ready(host_, *vf, *group));
    NFV_TRY(sriov::bind_to_vfio_pci(host_.sysfs, *vf, undo, progress_));
    return sriov::check_group_viable(*host_.vfio, host_.sysfs, *group);
  }
  if (group && *driver == sriov::kVfioPciDriver) {
    NFV_TRY(sriov::wait_until_group_released(*host_.vfio, *vf, *group, std::chrono::milliseconds(0),
                                             progress_));
  }
  return sriov::return_from_vfio_pci(host_.sysfs, *vf, *spec.config.driver, undo, progress_);
}

}  // namespace nfv::nfvd
