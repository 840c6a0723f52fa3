// Allocations persisted as JSON, written atomically (temp file, fsync, rename, fsync of the
// directory), so a crash leaves either the old file or the new one, never half of one.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/common/unique_fd.h"
#include "nfv/sriov/allocation.h"

namespace nfv::sriov {

inline constexpr const char* kDefaultAllocationsPath = "/var/lib/nfv-appliance/vf-allocations.json";

// Serialisation, separate from the file handling so it is tested on strings.
std::string allocations_to_json(const std::vector<Allocation>& allocations);
// `source` names the file in errors.
Result<std::vector<Allocation>> allocations_from_json(const std::string& text,
                                                      const std::string& source);

class AllocationStore {
 public:
  explicit AllocationStore(std::filesystem::path path = kDefaultAllocationsPath);
  const std::filesystem::path& path() const { return path_; }

  // A missing file is an empty list (first start).
  Result<std::vector<Allocation>> load() const;
  // Creates the directory when needed.
  Status save(const std::vector<Allocation>& allocations) const;

  // One writer at a time (nfvd, nfvctl): an exclusive flock on "<path>.lock", released when
  // the returned descriptor is closed. Fails at once rather than waiting.
  Result<UniqueFd> lock() const;

 private:
  std::filesystem::path path_;
};

}  // namespace nfv::sriov
