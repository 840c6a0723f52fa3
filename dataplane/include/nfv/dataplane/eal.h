// The DPDK Environment Abstraction Layer, initialised once per process and cleaned up on
// destruction (hugepage memory released, runtime files removed).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::dp {

class EalSession {
 public:
  static Result<std::unique_ptr<EalSession>> init(const std::vector<std::string>& args);
  ~EalSession();
  EalSession(const EalSession&) = delete;
  EalSession& operator=(const EalSession&) = delete;

 private:
  EalSession() = default;
  std::string runtime_dir_;  // /var/run/dpdk/<file-prefix>: ours, removed at the end
};

}  // namespace nfv::dp
