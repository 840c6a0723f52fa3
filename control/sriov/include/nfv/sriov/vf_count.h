// Creating and removing VFs through sriov_numvfs, following the kernel's rules: a new non-zero
// count needs 0 first; errno values become messages that name the PF and the fix.
#pragma once

#include <optional>
#include <string>

#include "nfv/common/result.h"
#include "nfv/sriov/discovery.h"
#include "nfv/sriov/undo_log.h"

namespace nfv::sriov {

struct VfCountChange {
  PciAddress pf;
  unsigned count = 0;
  // sriov_drivers_autoprobe for the VFs created now: false keeps them unbound, ready for
  // vfio-pci; nullopt leaves the PF's setting alone.
  std::optional<bool> autoprobe;
};

// Applies the change, recording the inverse of every write in `undo`. Returns the PF as sysfs
// shows it afterwards (re-read: drivers may enable fewer VFs than asked).
Result<PhysicalFunction> set_vf_count(const Sysfs& sysfs, const VfCountChange& change,
                                      UndoLog& undo, const Progress& progress = {});

// Explains an errno from writing `requested` to the PF's sriov_numvfs.
std::string explain_numvfs_error(const PhysicalFunction& pf, unsigned requested, int error_code);

}  // namespace nfv::sriov
