// The SR-IOV library's allocation file (nfvctl vf bind, before nfvd) folded into nfvd's state
// once: the records sysfs still confirms become nfvd's, the file is renamed to
// "<file>.adopted-by-nfvd", and from then on nfvd's state.json is the one record of the VFs
// the appliance owns.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/nfvd/state_store.h"
#include "nfv/sriov/sysfs.h"

namespace nfv::nfvd {

inline constexpr const char* kAdoptedSuffix = ".adopted-by-nfvd";

struct VfAdoption {
  std::vector<std::string> adopted;  // "0000:3b:02.1 for vm1 (guest)"
  std::vector<std::string> dropped;  // "0000:3b:02.2: <reason>"
  bool changed() const { return !adopted.empty() || !dropped.empty(); }
};

// Merges the file's confirmed records into `state` (by device; a record already in the state
// wins), pure apart from reading the file and sysfs. A missing file adopts nothing.
Result<VfAdoption> adopt_allocation_file(const sriov::Sysfs& sysfs,
                                         const std::filesystem::path& file, PersistentState& state);

// After the state is saved: the file is renamed away, so it is not a second record. A crash
// before this leaves it in place, and adopting it again changes nothing.
Status retire_allocation_file(const std::filesystem::path& file);

}  // namespace nfv::nfvd
