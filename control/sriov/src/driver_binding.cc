#include "nfv/sriov/driver_binding.h"

#include <cerrno>

#include "nfv/sriov/iommu_group.h"

namespace nfv::sriov {
namespace {

std::string driver_dir(const std::string& driver) { return "bus/pci/drivers/" + driver; }

Status wrap(Status status, const std::string& what) {
  if (status) return status;
  return Error{what + ": " + status.error().message, status.error().code};
}

// An empty name clears the override (the kernel takes a bare newline for that).
Status write_override(const Sysfs& sysfs, const PciAddress& address, const std::string& name) {
  return wrap(sysfs.write(device_attr(address, "driver_override"), name.empty() ? "\n" : name),
              name.empty()
                  ? fmt::format("{}: cannot clear driver_override", address.str())
                  : fmt::format("{}: cannot set driver_override to {}", address.str(), name));
}

Status write_unbind(const Sysfs& sysfs, const PciAddress& address, const std::string& driver) {
  return wrap(sysfs.write(driver_dir(driver) + "/unbind", address.str()),
              fmt::format("{}: cannot unbind it from {}", address.str(), driver));
}

Status write_probe(const Sysfs& sysfs, const PciAddress& address) {
  return wrap(sysfs.write("bus/pci/drivers_probe", address.str()),
              fmt::format("{}: drivers_probe failed", address.str()));
}

// Binds the device to exactly `driver`, whatever its override and its PF's autoprobe say: the
// override is pointed at `driver` for the probe and then put back.
Status rebind(const Sysfs& sysfs, const PciAddress& address, const std::string& driver) {
  auto saved = host::read_driver_override(sysfs, address);
  if (!saved) return std::move(saved).error();
  NFV_TRY(write_override(sysfs, address, driver));
  Status bound = wrap(sysfs.write(driver_dir(driver) + "/bind", address.str()),
                      fmt::format("{}: cannot bind it to {}", address.str(), driver));
  Status restored = write_override(sysfs, address, *saved);
  NFV_TRY(bound);
  return restored;
}

Status set_override(const Sysfs& sysfs, const PciAddress& address, const std::string& name,
                    UndoLog& undo) {
  auto previous = host::read_driver_override(sysfs, address);
  if (!previous) return std::move(previous).error();
  if (*previous == name) return {};
  NFV_TRY(write_override(sysfs, address, name));
  std::string old = *previous;
  undo.record(fmt::format("restore driver_override of {} to '{}'", address.str(),
                          old.empty() ? "(null)" : old),
              [sysfs, address, old]() { return write_override(sysfs, address, old); });
  return {};
}

Status unbind(const Sysfs& sysfs, const PciAddress& address, const std::string& driver,
              UndoLog& undo) {
  NFV_TRY(write_unbind(sysfs, address, driver));
  undo.record(fmt::format("rebind {} to {}", address.str(), driver),
              [sysfs, address, driver]() { return rebind(sysfs, address, driver); });
  return {};
}

Status probe(const Sysfs& sysfs, const PciAddress& address, UndoLog& undo) {
  NFV_TRY(write_probe(sysfs, address));
  undo.record(fmt::format("unbind {} from the driver the probe chose", address.str()),
              [sysfs, address]() -> Status {
                auto driver = host::read_driver(sysfs, address);
                if (!driver) return std::move(driver).error();
                if (driver->empty()) return {};
                return write_unbind(sysfs, address, *driver);
              });
  return {};
}

Status expect_driver(const Sysfs& sysfs, const PciAddress& address, const std::string& expected,
                     const std::string& hint) {
  auto driver = host::read_driver(sysfs, address);
  if (!driver) return std::move(driver).error();
  if (*driver == expected) return {};
  return make_error("{} is on {} after drivers_probe, expected {}; {}", address.str(),
                    driver->empty() ? "no driver" : *driver,
                    expected.empty() ? "no driver" : expected, hint);
}

// The recommended hand-over: override -> unbind the current driver -> drivers_probe -> check.
Status hand_over(const Sysfs& sysfs, const PciAddress& address, const std::string& current,
                 const std::string& target, UndoLog& undo, const Progress& progress,
                 const std::string& hint) {
  auto say = [&](const std::string& line) {
    if (progress) progress(address.str() + ": " + line);
  };
  say("driver_override -> " + target);
  NFV_TRY(set_override(sysfs, address, target, undo));
  if (!current.empty()) {
    say("unbinding from " + current);
    NFV_TRY(unbind(sysfs, address, current, undo));
  }
  say("probing (drivers_probe)");
  NFV_TRY(probe(sysfs, address, undo));
  return expect_driver(sysfs, address, target, hint);
}

}  // namespace

Status check_vfio_pci_loaded(const Sysfs& sysfs) {
  if (sysfs.exists(driver_dir(kVfioPciDriver))) return {};
  return make_error(
      "vfio-pci is not loaded ({} is missing): run `modprobe vfio-pci`; VFIO also "
      "needs the IOMMU: {}",
      sysfs.path(driver_dir(kVfioPciDriver)).string(), kIommuFix);
}

Status bind_to_vfio_pci(const Sysfs& sysfs, const PciAddress& address, UndoLog& undo,
                        const Progress& progress) {
  auto driver = host::read_driver(sysfs, address);
  if (!driver) return std::move(driver).error();
  if (*driver == kVfioPciDriver) {
    if (progress) progress(address.str() + ": already on vfio-pci");
    return {};
  }
  NFV_TRY(hand_over(sysfs, address, *driver, kVfioPciDriver, undo, progress,
                    "vfio-pci refused the device: check `dmesg | grep vfio` and that the IOMMU "
                    "is on"));
  if (progress) progress(address.str() + ": bound to vfio-pci");
  return {};
}

Status return_from_vfio_pci(const Sysfs& sysfs, const PciAddress& address,
                            const std::string& host_driver, UndoLog& undo,
                            const Progress& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(address.str() + ": " + line);
  };
  auto driver = host::read_driver(sysfs, address);
  if (!driver) return std::move(driver).error();
  if (host_driver.empty()) {
    say("clearing driver_override");
    NFV_TRY(set_override(sysfs, address, "", undo));
    if (!driver->empty()) {
      say("unbinding from " + *driver);
      NFV_TRY(unbind(sysfs, address, *driver, undo));
    }
    say("left unbound, as it was before");
    return {};
  }
  // The override names the host driver for the probe, so it binds even a VF whose PF has
  // sriov_drivers_autoprobe 0; it is cleared afterwards.
  NFV_TRY(hand_over(sysfs, address, *driver, host_driver, undo, progress,
                    "the host driver did not take it back: check `dmesg` and that " + host_driver +
                        " is loaded"));
  say("clearing driver_override");
  NFV_TRY(set_override(sysfs, address, "", undo));
  say("back on " + host_driver);
  return {};
}

}  // namespace nfv::sriov
