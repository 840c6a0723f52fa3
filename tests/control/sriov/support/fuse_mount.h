// Serves a backing directory through FUSE so the code under test does plain open/read/write/
// readlink on it, while writes go to the FakeKernel (which applies the kernel's rules and
// returns real errno values). The mount lives in a private mount namespace of the test process:
// it disappears with the process even if a test crashes.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "fake_kernel.h"

struct fuse;

namespace nfv::sriov::testing {

class FuseMount {
 public:
  // Throws std::runtime_error with the reason when FUSE cannot be mounted (needs root and
  // /dev/fuse).
  FuseMount(std::filesystem::path backing, std::filesystem::path mountpoint, FakeKernel& kernel);
  ~FuseMount();
  FuseMount(const FuseMount&) = delete;
  FuseMount& operator=(const FuseMount&) = delete;

  const std::filesystem::path& backing() const { return backing_; }
  FakeKernel& kernel() { return kernel_; }
  // Open files and directories as FUSE sees them. The kernel sends their RELEASE after close()
  // returns, in the background; teardown waits for them so libfuse can free what it holds.
  void handle_opened();
  void handle_released();

 private:
  std::filesystem::path backing_;
  std::filesystem::path mountpoint_;
  FakeKernel& kernel_;
  struct fuse* fuse_ = nullptr;
  std::thread loop_;
  std::mutex handles_mutex_;
  std::condition_variable handles_released_;
  int open_handles_ = 0;
};

}  // namespace nfv::sriov::testing
