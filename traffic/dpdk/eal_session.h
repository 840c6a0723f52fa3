// The EAL of this process: initialised from argument strings built by eal_arguments(),
// torn down with rte_eal_cleanup, then its runtime directory (/var/run/dpdk/<prefix>) and
// hugepage files (<hugetlbfs>/<prefix>map_*) removed: DPDK 22.11 leaves both behind even
// on a clean exit (for secondary processes), and its --huge-unlink cannot be combined with
// the --single-file-segments virtio-user needs.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::traffic {

class EalSession {
 public:
  // `log` receives every DPDK log line (stdout is reserved for command replies).
  static Result<std::unique_ptr<EalSession>> start(const std::vector<std::string>& args,
                                                   const std::string& file_prefix, std::FILE* log);
  ~EalSession();
  EalSession(const EalSession&) = delete;
  EalSession& operator=(const EalSession&) = delete;

  const std::string& runtime_dir() const { return runtime_dir_; }

 private:
  EalSession(std::string runtime_dir, std::string file_prefix)
      : runtime_dir_(std::move(runtime_dir)), file_prefix_(std::move(file_prefix)) {}
  std::string runtime_dir_;
  std::string file_prefix_;
};

// Where EAL puts the runtime files of `file_prefix` (as root: /var/run/dpdk/<prefix>).
std::string eal_runtime_dir(const std::string& file_prefix);
// Removes the files directly inside `dir`, then `dir` itself; errors are ignored.
void remove_runtime_dir(const std::string& dir);
// Removes <mount>/<file_prefix>map_* from every hugetlbfs mount.
void remove_hugepage_files(const std::string& file_prefix);

}  // namespace nfv::traffic
